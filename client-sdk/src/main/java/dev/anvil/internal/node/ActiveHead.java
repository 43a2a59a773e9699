package dev.anvil.internal.node;

import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Which node is the cluster's active head: the one node whose control requests (driver launches and stops) workers
 * obey. Today it is the oldest server node with the head role (there is one); a cluster with standby heads swaps
 * {@link #isActiveHead} for its own election, nothing else.
 */
public final class ActiveHead {
    private ActiveHead() {}

    /** Whether node {@code nodeId}, as {@code ignite} sees the cluster now, is the active head. */
    public static boolean isActiveHead(Ignite ignite, UUID nodeId) {
        ClusterNode node = nodeId == null ? null : ignite.cluster().node(nodeId);
        if (node == null || node.isClient()) {
            return false;
        }
        return ignite
                .cluster()
                .forServers()
                .forAttribute(NodeAttributes.ROLE, NodeRole.HEAD.attributeValue())
                .forOldest()
                .nodes()
                .stream()
                .anyMatch(h -> h.id().equals(nodeId));
    }

    /**
     * Fails a control request that did not come from the active head.
     *
     * @param what the request, for the message
     * @throws SecurityException naming the sender
     */
    public static void requireActiveHead(Ignite ignite, UUID sender, String what) {
        if (!isActiveHead(ignite, sender)) {
            ClusterNode n = sender == null ? null : ignite.cluster().node(sender);
            throw new SecurityException("refused: " + what + " is accepted only from the active head [sender="
                    + sender + ", senderRole=" + (n == null ? null : n.attribute(NodeAttributes.ROLE))
                    + ", client=" + (n != null && n.isClient()) + "]");
        }
    }
}
