package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * AdamW settings and gradient clipping.
 *
 * @param lr learning rate
 * @param weightDecay decoupled weight decay
 * @param maxGradNorm global L2 norm the gradients are clipped to; 0 disables clipping
 * @param eps Adam's epsilon ({@code eps}; absent means 1e-8). RL gradients are small and noisy, and with
 *     a tiny epsilon Adam scales every coordinate's noise up to a full {@code lr}-sized step; a larger epsilon
 *     keeps GRPO steps proportional to the gradient.
 * @param warmupSteps steps of linear learning-rate warm-up from 0 ({@code warmup_steps}; absent means none)
 */
public record OptimizerConfig(
        @JsonProperty("lr") float lr,
        @JsonProperty("weight_decay") float weightDecay,
        @JsonProperty("max_grad_norm") float maxGradNorm,
        @JsonProperty("eps") Float eps,
        @JsonProperty("warmup_steps") Integer warmupSteps) {

    /** Default Adam epsilon. */
    public static final float DEFAULT_EPS = 1e-8f;

    /** Validates the settings. */
    public OptimizerConfig {
        if (eps != null && !(eps > 0)) {
            throw new IllegalArgumentException("optimizer eps must be positive [eps=" + eps + "]");
        }
        if (warmupSteps != null && warmupSteps < 0) {
            throw new IllegalArgumentException(
                    "optimizer warmup_steps must be >= 0 [warmup_steps=" + warmupSteps + "]");
        }
    }

    /**
     * Creates settings with the default epsilon and no warm-up.
     *
     * @param lr learning rate
     * @param weightDecay decoupled weight decay
     * @param maxGradNorm global L2 norm the gradients are clipped to; 0 disables clipping
     */
    public OptimizerConfig(float lr, float weightDecay, float maxGradNorm) {
        this(lr, weightDecay, maxGradNorm, null, null);
    }

    /** @return Adam's epsilon */
    public float epsilon() {
        return eps == null ? DEFAULT_EPS : eps;
    }

    /** @return warm-up steps (0 = none) */
    public int warmup() {
        return warmupSteps == null ? 0 : warmupSteps;
    }
}
