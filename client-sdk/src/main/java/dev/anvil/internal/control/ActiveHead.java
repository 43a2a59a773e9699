package dev.anvil.internal.control;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Which head acts: the oldest server node with the head role that is alive in the topology. Every node of the
 * cluster sees the same topology (Ignite's discovery orders nodes and agrees on who joined and who left), so every
 * node reaches the same answer without asking anyone, and at most one head acts at a time. A head that dies leaves
 * the topology, and the next-oldest head becomes the active one; standby heads are the others.
 *
 * <p>Used by the head's election ({@code HeadRole}), by {@link HeadClient} to send requests, and by any node that
 * must accept control requests only from the active head.
 */
public final class ActiveHead {
    private ActiveHead() {}

    /** The node id of the active head, or {@code null} when no head is in the cluster. */
    public static UUID of(Ignite ignite) {
        return node(ignite).map(ClusterNode::id).orElse(null);
    }

    /** The active head's node, if a head is in the cluster. */
    public static Optional<ClusterNode> node(Ignite ignite) {
        return heads(ignite).stream().findFirst();
    }

    /** Every head of the cluster, the active one first, then the standby heads in the order they take over. */
    public static List<ClusterNode> heads(Ignite ignite) {
        return ignite
                .cluster()
                .forServers()
                .forAttribute(NodeAttributes.ROLE, NodeRole.HEAD.attributeValue())
                .nodes()
                .stream()
                .sorted(Comparator.comparingLong(ClusterNode::order))
                .toList();
    }

    /** Whether {@code nodeId} is the active head of {@code ignite}'s cluster. */
    public static boolean isActive(Ignite ignite, UUID nodeId) {
        return nodeId != null && nodeId.equals(of(ignite));
    }

    /**
     * Fails a control request (driver launch or stop) that did not come from the active head.
     *
     * @param what the request, for the message
     * @throws SecurityException naming the sender
     */
    public static void requireActiveHead(Ignite ignite, UUID sender, String what) {
        if (!isActive(ignite, sender)) {
            ClusterNode n = sender == null ? null : ignite.cluster().node(sender);
            throw new SecurityException("refused: " + what + " is accepted only from the active head [sender="
                    + sender + ", senderRole=" + (n == null ? null : n.attribute(NodeAttributes.ROLE))
                    + ", client=" + (n != null && n.isClient()) + "]");
        }
    }
}
