package dev.anvil.internal.codec;

import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Reflection over actor classes shared by callers and replica hosts: constructors, hooks and argument checks. */
public final class ActorClasses {
    private ActorClasses() {}

    /**
     * The public constructor of {@code type} that takes {@code args}.
     *
     * @throws IllegalArgumentException naming the class and the argument types when none fits
     */
    public static Constructor<?> constructorFor(Class<?> type, Object[] args) {
        if (!Modifier.isPublic(type.getModifiers())
                || Modifier.isAbstract(type.getModifiers())
                || type.isInterface()
                || type.getEnclosingClass() != null && !Modifier.isStatic(type.getModifiers())) {
            throw new IllegalArgumentException("an actor class must be a public, concrete, top-level or static nested"
                    + " class [class=" + type.getName() + "]");
        }
        for (Constructor<?> c : type.getConstructors()) {
            if (fits(c.getParameterTypes(), args)) {
                return c;
            }
        }
        throw new IllegalArgumentException("no public constructor of the actor class takes these arguments [class="
                + type.getName() + ", args=" + describe(args) + ", constructors="
                + Arrays.stream(type.getConstructors())
                        .map(c -> Arrays.stream(c.getParameterTypes())
                                .map(Class::getSimpleName)
                                .collect(Collectors.joining(", ", "(", ")")))
                        .collect(Collectors.joining(" "))
                + "]");
    }

    /** The public no-argument hook {@code name} of {@code type} returning {@code returnType}, or {@code null}. */
    public static Method hook(Class<?> type, String name, Class<?> returnType) {
        try {
            Method m = type.getMethod(name);
            return m.getReturnType() == returnType ? m : null;
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Whether {@code args} can be passed to parameters of {@code types} (boxing aware, nulls only to objects). */
    public static boolean fits(Class<?>[] types, Object[] args) {
        if (types.length != args.length) {
            return false;
        }
        for (int i = 0; i < types.length; i++) {
            if (!accepts(types[i], args[i])) {
                return false;
            }
        }
        return true;
    }

    /** Whether a parameter of {@code type} accepts {@code arg}. */
    public static boolean accepts(Class<?> type, Object arg) {
        if (arg == null) {
            return !type.isPrimitive();
        }
        return box(type).isInstance(arg);
    }

    /** The wrapper class of a primitive type, or the type itself. */
    public static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        if (t == int.class) return Integer.class;
        if (t == long.class) return Long.class;
        if (t == double.class) return Double.class;
        if (t == float.class) return Float.class;
        if (t == boolean.class) return Boolean.class;
        if (t == short.class) return Short.class;
        if (t == byte.class) return Byte.class;
        if (t == char.class) return Character.class;
        return Void.class;
    }

    /** The argument types of {@code args}, for messages. */
    public static String describe(Object[] args) {
        return Arrays.stream(args)
                .map(a -> a == null ? "null" : a.getClass().getSimpleName())
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
