package dev.anvil.internal.spi;

import java.util.List;

/**
 * One replica of a service as {@code anvil status} shows it.
 *
 * @param index replica index within the service
 * @param state STARTING, HEALTHY, OVERLOADED, RECOVERING, FAILED or STOPPED
 * @param ranks where its actor instances run; their GPUs and CPUs count as used on their nodes
 */
public record ReplicaSummary(int index, String state, List<RankSummary> ranks) {

    public ReplicaSummary {
        ranks = List.copyOf(ranks);
    }

    /**
     * One actor instance (rank) of a replica.
     *
     * @param rank the rank (0 answers calls)
     * @param nodeId Ignite id of the worker node it runs on
     * @param gpuIndices the GPUs of that node it holds
     * @param cpus the CPUs of that node it holds
     */
    public record RankSummary(int rank, String nodeId, List<Integer> gpuIndices, int cpus) {

        public RankSummary {
            gpuIndices = List.copyOf(gpuIndices);
        }
    }
}
