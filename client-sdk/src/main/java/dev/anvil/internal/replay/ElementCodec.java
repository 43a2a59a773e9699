package dev.anvil.internal.replay;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.anvil.sdk.ElementNotStorableException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;

/**
 * Turns replay-buffer elements into bytes on the caller's side, so that server nodes never need the element's class
 * (a submitted job's classes are not on the servers' classpath). {@link Serializable} types use Java serialization;
 * other records and POJOs with a no-argument constructor use Jackson; {@code byte[]} elements are stored as they are. {@code Object} means any Serializable element.
 */
final class ElementCodec<E> {
    private static final ObjectMapper RECORDS = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    private static final ObjectMapper POJOS = new ObjectMapper()
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);

    private final Class<E> type;
    private final ObjectMapper mapper;

    private ElementCodec(Class<E> type, ObjectMapper mapper) {
        this.type = type;
        this.mapper = mapper;
    }

    /**
     * A codec for {@code type}.
     *
     * @throws ElementNotStorableException when the type is neither serializable nor mappable
     */
    static <E> ElementCodec<E> forType(Class<E> type) {
        if (type == null) {
            throw new IllegalArgumentException("element type is required [type=null]");
        }
        if (Serializable.class.isAssignableFrom(type) || type == Object.class) {
            return new ElementCodec<>(type, null);
        }
        if (type.isRecord()) {
            return new ElementCodec<>(type, RECORDS);
        }
        if (type.isInterface() || java.lang.reflect.Modifier.isAbstract(type.getModifiers())) {
            throw new ElementNotStorableException(type.getName(), "an abstract type must extend Serializable", null);
        }
        try {
            type.getDeclaredConstructor();
        } catch (NoSuchMethodException e) {
            throw new ElementNotStorableException(
                    type.getName(), "a type must be Serializable, a record, or have a no-argument constructor", e);
        }
        return new ElementCodec<>(type, POJOS);
    }

    /** The element type. */
    Class<E> type() {
        return type;
    }

    byte[] encode(E element) {
        if (element == null) {
            throw new IllegalArgumentException("replay buffer elements must not be null [type=" + type.getName() + "]");
        }
        if (!type.isInstance(element)) {
            throw new ElementNotStorableException(
                    type.getName(), "element is a " + element.getClass().getName(), null);
        }
        if (mapper != null && element.getClass() != type) {
            // Jackson would write the subclass's fields and read back the declared type.
            throw new ElementNotStorableException(
                    type.getName(),
                    "element is a subclass (" + element.getClass().getName() + ") of a type that is not Serializable",
                    null);
        }
        if (element instanceof byte[] raw && type == byte[].class) {
            return raw.clone(); // raw bytes are stored as they are; the copy keeps later changes out of the buffer
        }
        try {
            if (mapper != null) {
                return mapper.writeValueAsBytes(element);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(element);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new ElementNotStorableException(type.getName(), e.toString(), e);
        }
    }

    E decode(byte[] bytes) {
        if (type == byte[].class) {
            return type.cast(bytes);
        }
        try {
            if (mapper != null) {
                return mapper.readValue(bytes, type);
            }
            try (ObjectInputStream in = new TypeLoaderInputStream(new ByteArrayInputStream(bytes), type)) {
                return type.cast(in.readObject());
            }
        } catch (IOException | ClassNotFoundException e) {
            throw new ElementNotStorableException(type.getName(), "stored element cannot be read back: " + e, e);
        }
    }

    /** Resolves classes through the element type's loader: in a submitted job that is the job's loader. */
    private static final class TypeLoaderInputStream extends ObjectInputStream {
        private final ClassLoader loader;

        TypeLoaderInputStream(InputStream in, Class<?> type) throws IOException {
            super(in);
            this.loader = type.getClassLoader();
        }

        @Override
        protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
            if (loader != null) {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    // Fall back to the default resolution (primitives, JDK types).
                }
            }
            return super.resolveClass(desc);
        }
    }
}
