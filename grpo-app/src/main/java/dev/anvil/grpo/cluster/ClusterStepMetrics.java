package dev.anvil.grpo.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.anvil.grpo.metrics.StepMetrics;

/**
 * Metrics of one GRPO step on the cluster, written as one JSON line.
 *
 * @param step the step (0 = before training)
 * @param rewardMean mean reward of the trained batch
 * @param rewardStd standard deviation of those rewards
 * @param heldOutAccuracy held-out accuracy, or NaN when not evaluated at this step
 * @param loss trainer loss
 * @param kl mean KL estimate to the reference
 * @param gradNorm gradient norm before clipping
 * @param genTokensPerSec tokens generated cluster-wide per second of the step's wall time
 * @param replicaTokensPerSec tokens per second of generation time, what one replica call sustains
 * @param waitMillis time the trainer waited for a batch from the replay buffer
 * @param trainMillis trainer step as the driver saw it (call included)
 * @param trainComputeMillis trainer step inside the actor (model compute)
 * @param weightSyncMillis time the step spent on weight sync: the whole push plus {@code updateWeights} fanout, or with
 *     an overlapped sync only the wait for the previous one
 * @param lastSyncMillis duration of the most recently completed push plus fanout
 * @param stepMillis whole step wall time (without evaluation)
 * @param policyVersion trainer version after the step
 * @param versionLag trainer version before the step minus the oldest episode version in the batch
 * @param episodesAdded episodes the rollouts added during the step
 * @param rolloutFailures rollout rounds that failed during the step (retried)
 */
public record ClusterStepMetrics(
        @JsonProperty("step") long step,
        @JsonProperty("reward_mean") double rewardMean,
        @JsonProperty("reward_std") double rewardStd,
        @JsonProperty("held_out_accuracy") double heldOutAccuracy,
        @JsonProperty("loss") double loss,
        @JsonProperty("kl") double kl,
        @JsonProperty("grad_norm") double gradNorm,
        @JsonProperty("gen_tokens_per_sec") double genTokensPerSec,
        @JsonProperty("replica_tokens_per_sec") double replicaTokensPerSec,
        @JsonProperty("wait_ms") long waitMillis,
        @JsonProperty("train_ms") long trainMillis,
        @JsonProperty("train_compute_ms") long trainComputeMillis,
        @JsonProperty("weight_sync_ms") long weightSyncMillis,
        @JsonProperty("last_sync_ms") long lastSyncMillis,
        @JsonProperty("step_ms") long stepMillis,
        @JsonProperty("policy_version") long policyVersion,
        @JsonProperty("version_lag") long versionLag,
        @JsonProperty("episodes_added") long episodesAdded,
        @JsonProperty("rollout_failures") long rolloutFailures) {

    /** @return the concise console line for this step */
    public String line() {
        String acc = Double.isNaN(heldOutAccuracy) ? "   -  " : String.format("%5.1f%%", 100 * heldOutAccuracy);
        return String.format("step %4d  reward %.3f  held-out %s  gen %6.0f tok/s  step %4d ms (wait %d, train %d,"
                        + " sync %d)  version %d lag %d%s", step, rewardMean, acc, genTokensPerSec, stepMillis, waitMillis,
                trainMillis, weightSyncMillis, policyVersion, versionLag,
                rolloutFailures > 0 ? "  rollout failures " + rolloutFailures : "");
    }

    /** @return the same step in the in-process loop's shape, for {@code PlotWriter} */
    public StepMetrics asStepMetrics() {
        return new StepMetrics(step, rewardMean, rewardStd, heldOutAccuracy, loss, kl, gradNorm, genTokensPerSec, 0, 0,
                trainMillis, lastSyncMillis, stepMillis, policyVersion);
    }
}
