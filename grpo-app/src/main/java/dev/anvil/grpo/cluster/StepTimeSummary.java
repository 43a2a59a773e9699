package dev.anvil.grpo.cluster;

import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Where a cluster GRPO step's time goes, summarised over a run (medians over the steps after warm-up).
 *
 * <p>The trainer's critical path per step is: wait for a batch (rollout-bound), the {@code trainStep} call, and the
 * weight sync (push to the store, {@code updateWeights} on every replica). Model compute on that path is the step
 * inside the trainer actor; everything else the driver waits for, apart from rollouts, is overhead of running on the
 * cluster: {@code (trainCall - trainCompute + weightSync) / step}.
 *
 * @param steps steps summarised
 * @param replicaTokensPerSec generated tokens per second of one replica's generation call
 * @param clusterTokensPerSec generated tokens per second of wall time, all replicas together
 * @param stepMillis whole step
 * @param waitMillis waiting for the replay buffer to fill a batch
 * @param trainCallMillis the {@code trainStep} call as the driver sees it
 * @param trainComputeMillis the step inside the trainer actor
 * @param weightSyncMillis weight sync on the trainer's path (the wait for an overlapped sync)
 * @param lastSyncMillis one push plus {@code updateWeights} fanout, start to end
 * @param overheadShare share of the step spent outside model compute and rollout waiting
 */
public record StepTimeSummary(
        int steps,
        double replicaTokensPerSec,
        double clusterTokensPerSec,
        double stepMillis,
        double waitMillis,
        double trainCallMillis,
        double trainComputeMillis,
        double weightSyncMillis,
        double lastSyncMillis,
        double overheadShare) {

    /**
     * Summarises the steps of a run, skipping step 0 and the first {@code skip} steps (JIT and allocator warm-up).
     *
     * @param history the run's metrics
     * @param skip warm-up steps to leave out
     * @return the summary
     */
    public static StepTimeSummary of(List<ClusterStepMetrics> history, int skip) {
        List<ClusterStepMetrics> s =
                history.stream().filter(m -> m.step() > skip).toList();
        if (s.isEmpty()) {
            throw new IllegalArgumentException(
                    "no steps to summarise [history=" + history.size() + ", skip=" + skip + "]");
        }
        double overhead = median(s, m -> overheadShare(m.timings()));
        return new StepTimeSummary(
                s.size(),
                median(s, m -> m.throughput().replicaTokensPerSec()),
                median(s, m -> m.throughput().genTokensPerSec()),
                median(s, m -> m.timings().stepMillis()),
                median(s, m -> m.timings().waitMillis()),
                median(s, m -> m.timings().trainMillis()),
                median(s, m -> m.timings().trainComputeMillis()),
                median(s, m -> m.timings().weightSyncMillis()),
                median(s, m -> m.timings().lastSyncMillis()),
                overhead);
    }

    private static double overheadShare(ClusterStepMetrics.Timings t) {
        return t.stepMillis() == 0
                ? 0
                : (double) (t.trainMillis() - t.trainComputeMillis() + t.weightSyncMillis()) / t.stepMillis();
    }

    private static double median(List<ClusterStepMetrics> s, ToDoubleFunction<ClusterStepMetrics> f) {
        double[] v = s.stream().mapToDouble(f).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    /** @return a short multi-line report */
    public String report() {
        return String.format(
                "GRPO step time over %d steps (medians)%n"
                        + "  generation: %.0f tokens/s per replica call, %.0f tokens/s cluster-wide%n"
                        + "  step %.0f ms = wait for batch %.0f + trainStep call %.0f (model compute %.0f) + weight sync %.0f%n"
                        + "  one weight sync (push + updateWeights on every replica): %.0f ms%n"
                        + "  outside model compute and rollout waiting: %.1f%% of the step%n",
                steps,
                replicaTokensPerSec,
                clusterTokensPerSec,
                stepMillis,
                waitMillis,
                trainCallMillis,
                trainComputeMillis,
                weightSyncMillis,
                lastSyncMillis,
                100 * overheadShare);
    }
}
