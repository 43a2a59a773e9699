package dev.anvil.grpo.training;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * AdamW settings and gradient clipping.
 *
 * @param lr learning rate
 * @param weightDecay decoupled weight decay
 * @param maxGradNorm global L2 norm the gradients are clipped to; 0 disables clipping
 */
public record OptimizerConfig(
        @JsonProperty("lr") float lr,
        @JsonProperty("weight_decay") float weightDecay,
        @JsonProperty("max_grad_norm") float maxGradNorm) {}
