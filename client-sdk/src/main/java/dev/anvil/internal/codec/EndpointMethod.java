package dev.anvil.internal.codec;

import dev.anvil.sdk.Endpoint;
import java.io.Serializable;
import java.lang.invoke.MethodType;
import java.lang.invoke.SerializedLambda;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An endpoint of an actor class, recovered from the method reference that names it ({@code Counter::increment}):
 * the reference's {@link SerializedLambda} says which method it points at. Resolved once per reference class and
 * cached.
 */
public final class EndpointMethod {
    private static final ConcurrentHashMap<Class<?>, EndpointMethod> CACHE = new ConcurrentHashMap<>();

    private final Class<?> actorClass;
    private final Method method;
    private final String[] paramTypes;
    private final String signature;

    private EndpointMethod(Class<?> actorClass, Method method) {
        this.actorClass = actorClass;
        this.method = method;
        this.paramTypes =
                Arrays.stream(method.getParameterTypes()).map(Class::getName).toArray(String[]::new);
        this.signature = signature(method);
    }

    /** {@code name(type,type)}: what a call sends to name its endpoint, overloads included. */
    public static String signature(Method m) {
        StringBuilder sb = new StringBuilder(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            sb.append(i == 0 ? "" : ",").append(types[i].getName());
        }
        return sb.append(')').toString();
    }

    /** The endpoints of {@code actorClass} by {@link #signature(Method)}. */
    public static java.util.Map<String, Method> endpointsOf(Class<?> actorClass) {
        java.util.Map<String, Method> out = new java.util.HashMap<>();
        for (Method m : actorClass.getMethods()) {
            if (m.isAnnotationPresent(Endpoint.class) && !Modifier.isStatic(m.getModifiers())) {
                out.put(signature(m), m);
            }
        }
        return out;
    }

    /**
     * The endpoint {@code ref} names on {@code actorClass}.
     *
     * @throws IllegalArgumentException when {@code ref} is a lambda, a static method, or a method that is not a
     *     public {@link Endpoint} method of the actor class
     */
    public static EndpointMethod of(Class<?> actorClass, Serializable ref) {
        if (ref == null) {
            throw new IllegalArgumentException(
                    "endpoint method reference is null [actor=" + actorClass.getName() + "]");
        }
        EndpointMethod m = CACHE.get(ref.getClass());
        if (m == null || m.actorClass != actorClass) {
            m = new EndpointMethod(actorClass, resolve(actorClass, ref));
            CACHE.put(ref.getClass(), m);
        }
        return m;
    }

    private static Method resolve(Class<?> actorClass, Serializable ref) {
        SerializedLambda sl = serializedForm(ref);
        String name = sl.getImplMethodName();
        if (name.startsWith("lambda$")) {
            throw new IllegalArgumentException("endpoints are named by method references such as Actor::method, not"
                    + " lambdas [actor=" + actorClass.getName() + ", lambda="
                    + ref.getClass().getName() + "]");
        }
        ClassLoader loader = actorClass.getClassLoader();
        Class<?> owner;
        MethodType type;
        try {
            owner = Class.forName(sl.getImplClass().replace('/', '.'), false, loader);
            type = MethodType.fromMethodDescriptorString(sl.getImplMethodSignature(), loader);
        } catch (ClassNotFoundException | TypeNotPresentException e) {
            throw new IllegalArgumentException(
                    "cannot load the class of the endpoint reference [actor=" + actorClass.getName() + ", method="
                            + name + "]",
                    e);
        }
        String display = owner.getSimpleName() + "::" + name;
        Method method;
        try {
            method = owner.getMethod(name, type.parameterArray());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("not a public method of the actor class [actor=" + actorClass.getName()
                    + ", method=" + display + "]");
        }
        if (Modifier.isStatic(method.getModifiers())
                || !method.getDeclaringClass().isAssignableFrom(actorClass)) {
            throw new IllegalArgumentException("unknown endpoint: not an instance method of the actor class [actor="
                    + actorClass.getName() + ", method=" + display + "]");
        }
        Method onActor;
        try {
            onActor = actorClass.getMethod(name, type.parameterArray());
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("not a public method of the actor class [actor=" + actorClass.getName()
                    + ", method=" + display + "]");
        }
        if (!onActor.isAnnotationPresent(Endpoint.class)) {
            throw new IllegalArgumentException("method is not an @Endpoint of the actor class [actor="
                    + actorClass.getName() + ", method=" + display + "]");
        }
        return onActor;
    }

    private static SerializedLambda serializedForm(Serializable ref) {
        try {
            Method writeReplace = ref.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            Object form = writeReplace.invoke(ref);
            if (form instanceof SerializedLambda sl) {
                return sl;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException(
                    "endpoints are named by method references such as Actor::method [ref="
                            + ref.getClass().getName() + "]",
                    e);
        }
        throw new IllegalArgumentException("endpoints are named by method references such as Actor::method [ref="
                + ref.getClass().getName() + "]");
    }

    /**
     * Checks that {@code args} fit this endpoint's parameters.
     *
     * @throws IllegalArgumentException naming the endpoint, the parameter and both types
     */
    public void checkArgs(Object[] args) {
        Class<?>[] types = method.getParameterTypes();
        if (args.length != types.length) {
            throw new IllegalArgumentException("wrong number of arguments [endpoint=" + display() + ", expected="
                    + types.length + ", actual=" + args.length + "]");
        }
        for (int i = 0; i < types.length; i++) {
            if (!ActorClasses.accepts(types[i], args[i])) {
                throw new IllegalArgumentException("wrong argument type [endpoint=" + display() + ", parameter=" + i
                        + ", expected=" + types[i].getName() + ", actual="
                        + (args[i] == null ? "null" : args[i].getClass().getName()) + "]");
            }
        }
    }

    /** The method name. */
    public String name() {
        return method.getName();
    }

    /** The parameter type names. */
    public String[] paramTypes() {
        return paramTypes.clone();
    }

    /** The signature calls send, see {@link #signature(Method)}. */
    public String signature() {
        return signature;
    }

    /** {@code Actor::method}, for messages. */
    public String display() {
        return actorClass.getSimpleName() + "::" + method.getName();
    }
}
