package dev.anvil.grpo.training;

/**
 * What one trainer step reports.
 *
 * @param step the step number (1 for the first)
 * @param loss the loss value
 * @param kl masked mean KL estimate to the reference (0 for supervised steps)
 * @param gradNorm global gradient norm before clipping
 * @param tokens real response tokens in the batch
 * @param millis wall time of the step
 */
public record TrainStepResult(long step, double loss, double kl, double gradNorm, int tokens, long millis) {}
