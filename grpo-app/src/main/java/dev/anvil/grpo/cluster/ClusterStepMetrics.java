package dev.anvil.grpo.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.anvil.grpo.metrics.StepMetrics;
import dev.anvil.grpo.training.Episode;
import dev.anvil.grpo.training.TrainStepResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Metrics of one GRPO step on the cluster, written as one flat JSON line.
 *
 * <p>The fields come in groups so that a step is built from what each part of the loop measured rather than from a
 * long positional list; the groups are unwrapped when serialised, so {@code metrics.jsonl} keeps one flat object with
 * the keys (and key order) {@code step, reward_mean, reward_std, val_accuracy, loss, kl, grad_norm,
 * gen_tokens_per_sec, replica_tokens_per_sec, wait_ms, train_ms, train_compute_ms, weight_sync_ms, last_sync_ms,
 * step_ms, policy_version, version_lag, episodes_added, rollout_failures}.
 *
 * @param step the step (0 = before training)
 * @param scores the trained batch's rewards and the validation accuracy
 * @param optimization what the trainer reported for its update
 * @param throughput generation speed of the rollouts during the step
 * @param timings where the step's wall time went
 * @param versions the trainer's version and how stale the batch was
 * @param rollouts what the rollout loops did during the step
 */
public record ClusterStepMetrics(
        @JsonProperty("step") long step,
        @JsonUnwrapped Scores scores,
        @JsonUnwrapped Optimization optimization,
        @JsonUnwrapped Throughput throughput,
        @JsonUnwrapped Timings timings,
        @JsonUnwrapped Versions versions,
        @JsonUnwrapped Rollouts rollouts) {

    /**
     * How well the policy does.
     *
     * @param rewardMean mean reward of the trained batch
     * @param rewardStd standard deviation of those rewards
     * @param valAccuracy validation accuracy, or NaN when not evaluated at this step
     */
    public record Scores(
            @JsonProperty("reward_mean") double rewardMean,
            @JsonProperty("reward_std") double rewardStd,
            @JsonProperty("val_accuracy") double valAccuracy) {

        /**
         * The scores of a trained batch: its population mean and standard deviation of rewards.
         *
         * @param batch the episodes the trainer stepped on
         * @param valAccuracy validation accuracy, or NaN when not evaluated at this step
         * @return the scores
         */
        public static Scores of(List<Episode> batch, double valAccuracy) {
            double mean = batch.stream().mapToDouble(Episode::reward).average().orElse(0);
            double std = Math.sqrt(batch.stream()
                    .mapToDouble(e -> (e.reward() - mean) * (e.reward() - mean))
                    .average()
                    .orElse(0));
            return new Scores(mean, std, valAccuracy);
        }
    }

    /**
     * What the trainer's update reported.
     *
     * @param loss trainer loss
     * @param kl mean KL estimate to the reference
     * @param gradNorm gradient norm before clipping
     */
    public record Optimization(
            @JsonProperty("loss") double loss,
            @JsonProperty("kl") double kl,
            @JsonProperty("grad_norm") double gradNorm) {

        /** No update yet (step 0): every value NaN, written as {@code null}. */
        public static final Optimization NONE = new Optimization(Double.NaN, Double.NaN, Double.NaN);

        /**
         * The update a trainer step reported.
         *
         * @param r the trainer's result
         * @return its loss, KL and gradient norm
         */
        public static Optimization of(TrainStepResult r) {
            return new Optimization(r.loss(), r.kl(), r.gradNorm());
        }
    }

    /**
     * Generation speed during the step.
     *
     * @param genTokensPerSec tokens generated cluster-wide per second of the step's wall time
     * @param replicaTokensPerSec tokens per second of generation time, what one replica call sustains
     */
    public record Throughput(
            @JsonProperty("gen_tokens_per_sec") double genTokensPerSec,
            @JsonProperty("replica_tokens_per_sec") double replicaTokensPerSec) {

        /** Nothing generated (step 0). */
        public static final Throughput NONE = new Throughput(0, 0);

        /** The rollout counters accumulated over a step whose wall time was {@code stepNanos}. */
        static Throughput of(RolloutStats.Snapshot delta, long stepNanos) {
            return new Throughput(delta.tokens() * 1e9 / Math.max(1, stepNanos), delta.tokensPerReplicaSecond());
        }
    }

    /**
     * Where the step's wall time went, in milliseconds.
     *
     * @param waitMillis time the trainer waited for a batch from the replay buffer
     * @param trainMillis trainer step as the driver saw it (call included)
     * @param trainComputeMillis trainer step inside the actor (model compute)
     * @param weightSyncMillis time the step spent on weight sync: the whole push plus {@code updateWeights} fanout,
     *     or with an overlapped sync only the wait for the previous one
     * @param lastSyncMillis duration of the most recently completed push plus fanout
     * @param stepMillis whole step wall time (without evaluation)
     */
    public record Timings(
            @JsonProperty("wait_ms") long waitMillis,
            @JsonProperty("train_ms") long trainMillis,
            @JsonProperty("train_compute_ms") long trainComputeMillis,
            @JsonProperty("weight_sync_ms") long weightSyncMillis,
            @JsonProperty("last_sync_ms") long lastSyncMillis,
            @JsonProperty("step_ms") long stepMillis) {

        /** No time spent (step 0). */
        public static final Timings NONE = new Timings(0, 0, 0, 0, 0, 0);
    }

    /**
     * Policy versions.
     *
     * @param policyVersion trainer version after the step
     * @param versionLag trainer version before the step minus the oldest episode version in the batch
     */
    public record Versions(
            @JsonProperty("policy_version") long policyVersion,
            @JsonProperty("version_lag") long versionLag) {}

    /**
     * What the rollout loops did during the step.
     *
     * @param episodesAdded episodes the rollouts added during the step
     * @param rolloutFailures rollout rounds that failed during the step (retried)
     */
    public record Rollouts(
            @JsonProperty("episodes_added") long episodesAdded,
            @JsonProperty("rollout_failures") long rolloutFailures) {

        /** No rollouts yet (step 0). */
        public static final Rollouts NONE = new Rollouts(0, 0);

        /** The rollout counters accumulated over a step. */
        static Rollouts of(RolloutStats.Snapshot delta) {
            return new Rollouts(delta.episodesAdded(), delta.failures());
        }
    }

    /**
     * Step 0: the base weights before any training, of which only the validation accuracy is known.
     *
     * @param valAccuracy validation accuracy of the base weights
     * @return the metrics of step 0
     */
    public static ClusterStepMetrics beforeTraining(double valAccuracy) {
        return new ClusterStepMetrics(
                0,
                new Scores(Double.NaN, Double.NaN, valAccuracy),
                Optimization.NONE,
                Throughput.NONE,
                Timings.NONE,
                new Versions(0, 0),
                Rollouts.NONE);
    }

    /**
     * The figures the head's dashboard plots while the run goes on ({@code anvil.runMetrics(run)}): reward, validation
     * accuracy where this step evaluated, generation throughput, loss and step time; figures not known at this step
     * (NaN) are left out.
     *
     * @return figure name to value
     */
    public Map<String, Double> dashboardFigures() {
        Map<String, Double> out = new LinkedHashMap<>();
        putKnown(out, "reward_mean", scores.rewardMean());
        putKnown(out, "val_accuracy", scores.valAccuracy());
        if (step > 0) {
            putKnown(out, "gen_tokens_per_sec", throughput.genTokensPerSec());
            putKnown(out, "loss", optimization.loss());
            putKnown(out, "step_ms", timings.stepMillis());
        }
        return out;
    }

    private static void putKnown(Map<String, Double> out, String name, double value) {
        if (!Double.isNaN(value) && !Double.isInfinite(value)) {
            out.put(name, value);
        }
    }

    /** @return the concise console line for this step */
    public String line() {
        double accuracy = scores.valAccuracy();
        String acc = Double.isNaN(accuracy) ? "   -  " : String.format("%5.1f%%", 100 * accuracy);
        return String.format(
                "step %4d  reward %.3f  val %s  gen %6.0f tok/s  step %4d ms (wait %d, train %d,"
                        + " sync %d)  version %d lag %d%s",
                step,
                scores.rewardMean(),
                acc,
                throughput.genTokensPerSec(),
                timings.stepMillis(),
                timings.waitMillis(),
                timings.trainMillis(),
                timings.weightSyncMillis(),
                versions.policyVersion(),
                versions.versionLag(),
                rollouts.rolloutFailures() > 0 ? "  rollout failures " + rollouts.rolloutFailures() : "");
    }

    /** @return the same step in the in-process loop's shape, for {@code PlotWriter} */
    public StepMetrics asStepMetrics() {
        return new StepMetrics(
                step,
                scores.rewardMean(),
                scores.rewardStd(),
                scores.valAccuracy(),
                optimization.loss(),
                optimization.kl(),
                optimization.gradNorm(),
                throughput.genTokensPerSec(),
                0,
                0,
                timings.trainMillis(),
                timings.lastSyncMillis(),
                timings.stepMillis(),
                versions.policyVersion());
    }
}
