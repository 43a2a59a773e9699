package dev.anvil.internal.codec;

import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Makes endpoint arguments and results fit Ignite's binary marshaller. Ignite 2.17 cannot write Java records (it
 * asks {@code Unsafe} for record field offsets, which the JDK refuses), and immutable JDK collections go through its
 * slow fallback; so records become {@link EncodedRecord}s (rebuilt through their canonical constructor) and
 * collections become plain {@code ArrayList}/{@code LinkedHashSet}/{@code LinkedHashMap}, recursively. Everything
 * else (POJOs, boxed primitives, strings, primitive arrays, enums) is left to the binary marshaller as it is.
 */
public final class ValueCodec {
    private static final Map<Class<?>, Constructor<?>> CANONICAL = new ConcurrentHashMap<>();

    private ValueCodec() {}

    /** A record in transit: its class name and encoded components. */
    public static final class EncodedRecord implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String type;
        private final Object[] components;

        EncodedRecord(String type, Object[] components) {
            this.type = type;
            this.components = components;
        }
    }

    /** An array of objects in transit, keeping its component type. */
    public static final class EncodedArray implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final String componentType;
        private final Object[] elements;

        EncodedArray(String componentType, Object[] elements) {
            this.componentType = componentType;
            this.elements = elements;
        }
    }

    /** Encodes each of {@code values}. */
    public static Object[] encodeAll(Object[] values) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = encode(values[i]);
        }
        return out;
    }

    /** Decodes each of {@code values} with classes from {@code loader}. */
    public static Object[] decodeAll(Object[] values, ClassLoader loader) {
        Object[] out = new Object[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = decode(values[i], loader);
        }
        return out;
    }

    /** Encodes one value for the wire. */
    public static Object encode(Object v) {
        if (v == null
                || v instanceof String
                || v instanceof Number
                || v instanceof Boolean
                || v instanceof Character
                || v instanceof Enum<?>
                || v.getClass().isArray() && v.getClass().getComponentType().isPrimitive()) {
            return v;
        }
        if (v instanceof Record r) {
            RecordComponent[] rc = r.getClass().getRecordComponents();
            Object[] comps = new Object[rc.length];
            for (int i = 0; i < rc.length; i++) {
                try {
                    rc[i].getAccessor().setAccessible(true);
                    comps[i] = encode(rc[i].getAccessor().invoke(r));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalArgumentException(
                            "cannot read record component [type=" + r.getClass().getName() + ", component="
                                    + rc[i].getName() + "]",
                            e);
                }
            }
            return new EncodedRecord(r.getClass().getName(), comps);
        }
        if (v instanceof Object[] arr) {
            Object[] out = new Object[arr.length];
            for (int i = 0; i < arr.length; i++) {
                out[i] = encode(arr[i]);
            }
            return new EncodedArray(arr.getClass().getComponentType().getName(), out);
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(encode(o));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(encode(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(encode(e.getKey()), encode(e.getValue()));
            }
            return out;
        }
        return v;
    }

    /** Decodes one value from the wire, loading record and array classes from {@code loader}. */
    public static Object decode(Object v, ClassLoader loader) {
        if (v instanceof EncodedRecord r) {
            Class<?> type = load(r.type, loader);
            Object[] comps = new Object[r.components.length];
            for (int i = 0; i < comps.length; i++) {
                comps[i] = decode(r.components[i], loader);
            }
            try {
                return canonical(type).newInstance(comps);
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("cannot rebuild record [type=" + r.type + "]", e);
            }
        }
        if (v instanceof EncodedArray a) {
            Object out = Array.newInstance(load(a.componentType, loader), a.elements.length);
            for (int i = 0; i < a.elements.length; i++) {
                Array.set(out, i, decode(a.elements[i], loader));
            }
            return out;
        }
        if (v instanceof Set<?> s) {
            Set<Object> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(decode(o, loader));
            }
            return out;
        }
        if (v instanceof List<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            for (Object o : c) {
                out.add(decode(o, loader));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(decode(e.getKey(), loader), decode(e.getValue(), loader));
            }
            return out;
        }
        return v;
    }

    private static Constructor<?> canonical(Class<?> type) {
        return CANONICAL.computeIfAbsent(type, t -> {
            RecordComponent[] rc = t.getRecordComponents();
            Class<?>[] types = new Class<?>[rc.length];
            for (int i = 0; i < rc.length; i++) {
                types[i] = rc[i].getType();
            }
            try {
                Constructor<?> c = t.getDeclaredConstructor(types);
                c.setAccessible(true);
                return c;
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("record has no canonical constructor [type=" + t.getName() + "]", e);
            }
        });
    }

    private static Class<?> load(String name, ClassLoader loader) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("class not found on this node [type=" + name + "]", e);
        }
    }
}
