package dev.anvil.worker.replica;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/** The process-wide {@link ActorClassResolver}; replaced by the job system when it starts. */
public final class ActorClassResolvers {
    private static final ActorClassResolver CLASSPATH = jobId -> {
        ClassLoader ctx = Thread.currentThread().getContextClassLoader();
        return ctx != null ? ctx : ActorClassResolvers.class.getClassLoader();
    };
    private static final AtomicReference<ActorClassResolver> CURRENT = new AtomicReference<>(CLASSPATH);

    private ActorClassResolvers() {}

    /** The resolver in use. */
    public static ActorClassResolver get() {
        return CURRENT.get();
    }

    /** Installs {@code resolver} for all replica hosts started from now on. */
    public static void set(ActorClassResolver resolver) {
        CURRENT.set(Objects.requireNonNull(resolver, "resolver"));
    }

    /** The resolver that uses the worker's own classpath. */
    public static ActorClassResolver classpath() {
        return CLASSPATH;
    }
}
