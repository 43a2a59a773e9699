package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.anvil.grpo.training.OptimizerConfig;

/**
 * The supervised warm start that makes the base checkpoint.
 *
 * @param steps optimizer steps (kept short on purpose: the base model should be weak but not hopeless)
 * @param batchSize examples per step
 * @param optimizer optimizer settings
 * @param out checkpoint directory to write
 */
public record WarmStartConfig(
        @JsonProperty("steps") int steps,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("optimizer") OptimizerConfig optimizer,
        @JsonProperty("out") String out) {}
