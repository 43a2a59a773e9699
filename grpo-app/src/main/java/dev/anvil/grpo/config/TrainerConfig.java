package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * GRPO trainer settings.
 *
 * @param optimizer AdamW and clipping
 * @param beta KL penalty weight
 */
public record TrainerConfig(
        @JsonProperty("optimizer") OptimizerConfig optimizer,
        @JsonProperty("beta") float beta) {}
