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
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Chooses where a driver runs: on the head when it needs no GPU, else on the worker with the most free GPUs, taking
 * them in the same {@link GpuLedger} replicas take theirs from, so a driver's GPUs are never given to a replica.
 *
 * @param node where the driver runs
 * @param gpus GPU indices of that node reserved for it
 */
record DriverPlacement(ClusterNode node, List<Integer> gpus) {

    /** Ledger owner of job {@code jobId}'s driver GPUs; released with {@link GpuLedger#release(String)}. */
    static String owner(String jobId) {
        return "job:" + jobId + "/driver";
    }

    static DriverPlacement choose(Ignite ignite, GpuLedger ledger, String jobId, int gpus) {
        if (gpus == 0) {
            return new DriverPlacement(ignite.cluster().localNode(), List.of());
        }
        Collection<ClusterNode> workers = ignite.cluster()
                .forAttribute(NodeAttributes.ROLE, NodeRole.WORKER.attributeValue())
                .nodes();
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
