package dev.anvil.grpo.metrics;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Metrics of one GRPO step, written as one JSON line.
 *
 * @param step the step (0 = before training)
 * @param rewardMean mean reward of the step's rollouts
 * @param rewardStd standard deviation of those rewards
 * @param valAccuracy validation accuracy, or NaN when not evaluated at this step
 * @param loss trainer loss
 * @param kl mean KL estimate to the reference
 * @param gradNorm gradient norm before clipping
 * @param genTokensPerSec generated tokens per second during rollouts
 * @param generationMillis rollout wall time
 * @param referenceMillis reference log-prob wall time
 * @param trainMillis trainer step wall time
 * @param weightSyncMillis time to copy weights from trainer to generator
 * @param stepMillis whole step wall time (without evaluation)
 * @param policyVersion generator weight version after the step
 */
public record StepMetrics(
        @JsonProperty("step") long step,
        @JsonProperty("reward_mean") double rewardMean,
        @JsonProperty("reward_std") double rewardStd,
        @JsonProperty("val_accuracy") double valAccuracy,
        @JsonProperty("loss") double loss,
        @JsonProperty("kl") double kl,
        @JsonProperty("grad_norm") double gradNorm,
        @JsonProperty("gen_tokens_per_sec") double genTokensPerSec,
        @JsonProperty("generation_ms") long generationMillis,
        @JsonProperty("reference_ms") long referenceMillis,
        @JsonProperty("train_ms") long trainMillis,
        @JsonProperty("weight_sync_ms") long weightSyncMillis,
        @JsonProperty("step_ms") long stepMillis,
        @JsonProperty("policy_version") long policyVersion) {

    /** @return the concise console line for this step */
    public String line() {
        String acc = Double.isNaN(valAccuracy) ? "   -  " : String.format("%5.1f%%", 100 * valAccuracy);
        return String.format(
                "step %4d  reward %.3f  val %s  loss %+.4f  kl %.4f  gen %6.0f tok/s  step %4d ms (gen %d, ref %d, train %d, sync %d)",
                step,
                rewardMean,
                acc,
                loss,
                kl,
                genTokensPerSec,
                stepMillis,
                generationMillis,
                referenceMillis,
                trainMillis,
                weightSyncMillis);
    }
}
