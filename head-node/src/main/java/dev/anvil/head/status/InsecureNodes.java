package dev.anvil.head.status;

import dev.anvil.internal.node.NodeAttributes;
import org.apache.ignite.cluster.ClusterNode;

/** The status line of a node or client started with {@code --insecure}: off loopback without TLS. */
final class InsecureNodes {
    private InsecureNodes() {}

    static String warning(ClusterNode n) {
        Object role = n.attribute(NodeAttributes.ROLE);
        Object name = n.attribute("org.apache.ignite.ignite.name");
        return "INSECURE: " + (n.isClient() ? "client" : role) + " " + (name == null ? n.id() : name) + " at "
                + n.addresses()
                + " was started with --insecure: off loopback it runs without TLS, and anyone who reaches"
                + " the cluster can join it; configure tls (cluster-configs/tls)";
    }
}
