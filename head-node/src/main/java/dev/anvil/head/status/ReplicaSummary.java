package dev.anvil.head.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * One replica of a service as {@code anvil status} shows it.
 *
 * @param index replica index within the service
 * @param state STARTING, HEALTHY, OVERLOADED, RECOVERING, FAILED or STOPPED
 * @param ranks where its actor instances run; their GPUs and CPUs count as used on their nodes
 * @param stats its load, call figures and restarts
 */
public record ReplicaSummary(int index, String state, List<RankSummary> ranks, Stats stats) {

    public ReplicaSummary {
        ranks = List.copyOf(ranks);
        stats = stats == null ? Stats.NONE : stats;
    }

    /** A replica without figures. */
    public ReplicaSummary(int index, String state, List<RankSummary> ranks) {
        this(index, state, ranks, Stats.NONE);
    }

    /**
     * Figures of one replica, as its last health probe reported them.
     *
     * @param generation how many times it was started
     * @param restarts restarts after failures
     * @param inFlight calls executing
     * @param queued calls waiting (queue depth)
     * @param requests calls served
     * @param failures calls failed
     * @param meanLatencyMs mean execution time of its calls
     * @param lastError why it last failed, or {@code null}
     * @param latencyBuckets calls per latency bucket ({@code ReplicaLoad.LATENCY_BOUNDS_SECONDS}, then above); not
     *     cumulative; empty when the replica reported none
     * @param latencySumSeconds sum of its calls' latencies
     */
    public record Stats(
            int generation,
            int restarts,
            int inFlight,
            int queued,
            long requests,
            long failures,
            double meanLatencyMs,
            String lastError,
            @JsonIgnore long[] latencyBuckets,
            @JsonIgnore double latencySumSeconds) {
        /** No figures. */
        public static final Stats NONE = new Stats(0, 0, 0, 0, 0, 0, 0, null);

        /** Figures without a latency histogram. */
        public Stats(
                int generation,
                int restarts,
                int inFlight,
                int queued,
                long requests,
                long failures,
                double meanLatencyMs,
                String lastError) {
            this(generation, restarts, inFlight, queued, requests, failures, meanLatencyMs, lastError, new long[0], 0);
        }
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
