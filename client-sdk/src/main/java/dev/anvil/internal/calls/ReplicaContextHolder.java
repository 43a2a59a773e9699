package dev.anvil.internal.calls;

import dev.anvil.sdk.ReplicaContext;

/** The thread-bound {@link ReplicaContext} behind {@link ReplicaContext#current()}; set by the replica host. */
public final class ReplicaContextHolder {
    private static final ThreadLocal<ReplicaContext> CURRENT = new ThreadLocal<>();

    private ReplicaContextHolder() {}

    /** The context bound to this thread, or {@code null}. */
    public static ReplicaContext get() {
        return CURRENT.get();
    }

    /** Binds {@code ctx} to this thread and returns the previous binding, to restore with {@link #restore}. */
    public static ReplicaContext bind(ReplicaContext ctx) {
        ReplicaContext prev = CURRENT.get();
        CURRENT.set(ctx);
        return prev;
    }

    /** Restores a binding returned by {@link #bind}. */
    public static void restore(ReplicaContext prev) {
        if (prev == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(prev);
        }
    }
}
