package dev.anvil.internal.calls;

import dev.anvil.internal.node.NodeLocalKey;
import org.apache.ignite.Ignite;

/**
 * Finds the replica hosts running on this node through the node-local map, one entry per rank: a hash
 * lookup, cheaper than asking the service processor on every call.
 */
public final class LocalReplicas {
    private static final NodeLocalKey<ReplicaHost> REPLICA = new NodeLocalKey<>("anvil.replica.", ReplicaHost.class);

    private LocalReplicas() {}

    /** Registers {@code host} as the local instance of rank {@code rankName}. */
    public static void register(Ignite ignite, String rankName, ReplicaHost host) {
        REPLICA.child(rankName).register(ignite, host);
    }

    /** Forgets the local instance of {@code rankName}, if it is {@code host}. */
    public static void unregister(Ignite ignite, String rankName, ReplicaHost host) {
        REPLICA.child(rankName).unregister(ignite, host);
    }

    /** The local instance of {@code rankName}, or {@code null} when it does not run here. */
    public static ReplicaHost find(Ignite ignite, String rankName) {
        return REPLICA.child(rankName).find(ignite);
    }
}
