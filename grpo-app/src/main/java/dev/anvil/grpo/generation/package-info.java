/**
 * Sampling completions from the model (settings: {@link dev.anvil.grpo.config.SamplingConfig}):
 * {@link dev.anvil.grpo.generation.Generator} (batched, key/value-cached decoding), the per-token sampler and the
 * {@link dev.anvil.grpo.generation.Completion} it returns with generation-time log-probs.
 */
package dev.anvil.grpo.generation;
