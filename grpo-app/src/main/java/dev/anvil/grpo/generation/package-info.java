/**
 * Sampling completions from the model: {@link dev.anvil.grpo.generation.Generator} (batched, key/value-cached
 * decoding), its {@link dev.anvil.grpo.generation.SamplingConfig}, the per-token sampler and the
 * {@link dev.anvil.grpo.generation.Completion} it returns with generation-time log-probs.
 */
package dev.anvil.grpo.generation;
