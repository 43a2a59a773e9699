package dev.anvil.internal.calls;

import dev.anvil.internal.node.NodeLocalKey;
import org.apache.ignite.Ignite;

/**
 * Finds the replica hosts running on this node through the node-local map, one entry per Ignite service: a hash
 * lookup, cheaper than asking the service processor on every call.
 */
public final class LocalReplicas {
    private static final NodeLocalKey<ReplicaHost> REPLICA = new NodeLocalKey<>("anvil.replica.", ReplicaHost.class);

    private LocalReplicas() {}

    /** Registers {@code host} as the local instance of Ignite service {@code igniteService}. */
    public static void register(Ignite ignite, String igniteService, ReplicaHost host) {
        REPLICA.child(igniteService).register(ignite, host);
    }

    /** Forgets the local instance of {@code igniteService}, if it is {@code host}. */
    public static void unregister(Ignite ignite, String igniteService, ReplicaHost host) {
        REPLICA.child(igniteService).unregister(ignite, host);
    }

    /** The local instance of {@code igniteService}, or {@code null} when it does not run here. */
    public static ReplicaHost find(Ignite ignite, String igniteService) {
        return REPLICA.child(igniteService).find(ignite);
    }
}
