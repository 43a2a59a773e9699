package dev.anvil.testkit;

import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.sdk.Anvil;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * What tests look up behind an SDK handle: the Ignite node it talks through, and which cluster node a
 * {@link NodeProcess} is.
 *
 * <pre>{@code
 * try (Anvil anvil = Anvil.local(2)) {
 *     Ignite head = Clusters.ignite(anvil);
 * }
 * }</pre>
 */
public final class Clusters {
    private Clusters() {}

    /**
     * The Ignite node behind {@code anvil}: the head of {@code Anvil.local}, the client node of
     * {@code Anvil.connect}, the node of a {@link StateCluster} handle.
     *
     * @throws IllegalArgumentException when {@code anvil} is not a cluster handle (a mock, a wrapper)
     */
    public static Ignite ignite(Anvil anvil) {
        if (anvil instanceof ClusterAnvil cluster) {
            return cluster.ignite();
        }
        String type = anvil == null ? "null" : anvil.getClass().getName();
        throw new IllegalArgumentException("not a cluster handle: tests reach the Ignite node only behind Anvil.local"
                + " or Anvil.connect [anvil=" + type + "]");
    }

    /**
     * An SDK handle over an Ignite node the test started itself; closing the handle leaves the node running.
     *
     * @param address the cluster's discovery address, what {@link Anvil#address()} returns
     */
    public static Anvil handle(Ignite node, String address) {
        return new ClusterAnvil(node, address, () -> {});
    }

    /**
     * The id (as the SDK prints it, e.g. in {@code ReplicaInfo.nodes()}) of the server node that runs in
     * {@code process}, found by the pid each node advertises.
     *
     * @throws IllegalStateException when no server node of the cluster runs in that process
     */
    public static String nodeIdOf(Anvil anvil, NodeProcess process) {
        for (ClusterNode n : ignite(anvil).cluster().forServers().nodes()) {
            Object pid = n.attribute(NodeAttributes.PID);
            if (pid != null && ((Number) pid).longValue() == process.pid()) {
                return n.id().toString();
            }
        }
        throw new IllegalStateException("no node with pid " + process.pid());
    }
}
