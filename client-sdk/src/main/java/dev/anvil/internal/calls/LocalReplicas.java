package dev.anvil.internal.calls;

import java.util.concurrent.ConcurrentMap;
import org.apache.ignite.Ignite;

/**
 * Finds the replica hosts running on this node through the node-local map: a hash lookup, cheaper than asking the
 * service processor on every call.
 */
public final class LocalReplicas {
    private static final String PREFIX = "anvil.replica.";

    private LocalReplicas() {
    }

    /** Registers {@code host} as the local instance of Ignite service {@code igniteService}. */
    public static void register(Ignite ignite, String igniteService, ReplicaHost host) {
        map(ignite).put(PREFIX + igniteService, host);
    }

    /** Forgets the local instance of {@code igniteService}, if it is {@code host}. */
    public static void unregister(Ignite ignite, String igniteService, ReplicaHost host) {
        map(ignite).remove(PREFIX + igniteService, host);
    }

    /** The local instance of {@code igniteService}, or {@code null} when it does not run here. */
    public static ReplicaHost find(Ignite ignite, String igniteService) {
        return (ReplicaHost) map(ignite).get(PREFIX + igniteService);
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMap<String, Object> map(Ignite ignite) {
        return (ConcurrentMap<String, Object>) (ConcurrentMap<?, ?>) ignite.cluster().nodeLocalMap();
    }
}
