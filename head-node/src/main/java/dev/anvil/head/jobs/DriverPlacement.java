package dev.anvil.head.jobs;

import dev.anvil.internal.jobs.JobRecord;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.sdk.JobException;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Chooses where a driver runs: on the head when it needs no GPU, else on the worker with the most GPUs left after the
 * drivers already placed there.
 */
final class DriverPlacement {
    private DriverPlacement() {
    }

    static ClusterNode choose(Ignite ignite, int gpus, List<JobRecord> jobs) {
        if (gpus == 0) {
            return ignite.cluster().localNode();
        }
        Collection<ClusterNode> workers = ignite.cluster()
                .forAttribute(NodeAttributes.ROLE, NodeRole.WORKER.attributeValue()).nodes();
        Map<String, Integer> used = jobs.stream()
                .filter(j -> !j.state().isTerminal() && j.nodeId() != null)
                .collect(Collectors.groupingBy(JobRecord::nodeId, Collectors.summingInt(JobRecord::entrypointGpus)));
        int bestFree = -1;
        ClusterNode best = null;
        for (ClusterNode w : workers.stream().sorted(Comparator.comparing(n -> n.id().toString())).toList()) {
            int free = gpusOf(w) - used.getOrDefault(w.id().toString(), 0);
            if (free > bestFree) {
                bestFree = free;
                best = w;
            }
        }
        if (best == null || bestFree < gpus) {
            throw new JobException(JobException.Reason.UNSCHEDULABLE, null, "no worker has the GPUs the driver asks for"
                    + " [entrypointGpus=" + gpus + ", mostFreeOnAWorker=" + Math.max(bestFree, 0) + ", workers="
                    + workers.size() + "]");
        }
        return best;
    }

    private static int gpusOf(ClusterNode n) {
        Object g = n.attribute(NodeAttributes.GPUS);
        return g instanceof Number num ? num.intValue() : 0;
    }
}
