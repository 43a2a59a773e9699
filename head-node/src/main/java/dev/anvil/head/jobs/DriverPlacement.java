package dev.anvil.head.jobs;

import dev.anvil.head.placement.GpuLedger;
import dev.anvil.internal.node.GpuInfo;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.sdk.JobException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Chooses where a driver runs: on a worker, never on the head while a worker exists, so that a driver outlives the
 * head (the head is the control plane, and may die or be replaced by a standby). A driver that needs no GPU goes to
 * the worker running the fewest drivers; one that needs GPUs to the worker with the most free GPUs, taking them in
 * the same {@link GpuLedger} replicas take theirs from, so a driver's GPUs are never given to a replica. Only a
 * cluster without workers runs a GPU-less driver on the head.
 *
 * @param node where the driver runs
 * @param gpus GPU indices of that node reserved for it
 */
record DriverPlacement(ClusterNode node, List<Integer> gpus) {

    /** Ledger owner of job {@code jobId}'s driver GPUs; released with {@link GpuLedger#release(String)}. */
    static String owner(String jobId) {
        return "job:" + jobId + "/driver";
    }

    /**
     * @param driversPerNode how many drivers run on each node now (node id to count), to spread GPU-less drivers
     * @param avoid a node not to choose unless nothing else fits (where the driver ran before a restart), or null
     */
    static DriverPlacement choose(
            Ignite ignite, GpuLedger ledger, String jobId, int gpus, Map<String, Long> driversPerNode, UUID avoid) {
        Collection<ClusterNode> workers = ignite.cluster()
                .forServers()
                .forAttribute(NodeAttributes.ROLE, NodeRole.WORKER.attributeValue())
                .nodes();
        if (gpus == 0) {
            return workers.stream()
                    .min(Comparator.comparing((ClusterNode n) -> n.id().equals(avoid))
                            .thenComparingLong(n -> driversPerNode.getOrDefault(n.id().toString(), 0L))
                            .thenComparing(n -> n.id().toString()))
                    .map(n -> new DriverPlacement(n, List.<Integer>of()))
                    .orElseGet(() -> new DriverPlacement(ignite.cluster().localNode(), List.of()));
        }
        int mostFree = 0;
        for (ClusterNode w : workers.stream()
                .sorted(Comparator.comparingInt((ClusterNode n) ->
                                -ledger.free(n.id(), indices(n)).size())
                        .thenComparing(n -> n.id().toString()))
                .toList()) {
            mostFree = Math.max(mostFree, ledger.free(w.id(), indices(w)).size());
            List<Integer> got = ledger.take(w.id(), indices(w), gpus, owner(jobId));
            if (got != null) {
                return new DriverPlacement(w, got);
            }
        }
        throw new JobException(
                JobException.Reason.UNSCHEDULABLE,
                null,
                "no worker has the GPUs the driver asks for" + " [entrypointGpus=" + gpus + ", mostFreeOnAWorker="
                        + mostFree + ", workers=" + workers.size() + "]");
    }

    private static List<Integer> indices(ClusterNode n) {
        return NodeResources.fromAttributes(n.attributes()).gpus().stream()
                .map(GpuInfo::index)
                .toList();
    }
}
