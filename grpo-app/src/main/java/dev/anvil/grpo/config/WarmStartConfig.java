package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The supervised warm start that makes the base checkpoint.
 *
 * @param steps optimizer steps (kept short on purpose: the base model should be weak but not hopeless)
 * @param batchSize examples per step
 * @param optimizer optimizer settings
 * @param out checkpoint directory to write
 * @param passAtK also measure the checkpoint's sampled pass@{@code group_size} on the validation split
 *     ({@code pass_at_k}; absent means true)
 * @param taggedRate share of warm-start targets written as {@code <answer>N</answer>}; the rest are the bare
 *     number {@code N} ({@code tagged_rate}, in [0, 1]; absent means 1). Below 1 the base model only partly
 *     knows the answer format, as with real SFT data, and GRPO's format reward has to teach the rest.
 * @param evalEvery log validation accuracy every this many steps, to see the learning curve ({@code eval_every};
 *     absent or 0 means only at the end)
 */
public record WarmStartConfig(
        @JsonProperty("steps") int steps,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("optimizer") OptimizerConfig optimizer,
        @JsonProperty("out") String out,
        @JsonProperty("pass_at_k") Boolean passAtK,
        @JsonProperty("tagged_rate") Double taggedRate,
        @JsonProperty("eval_every") Integer evalEvery) {

    /** Checks the tagged rate. */
    public WarmStartConfig {
        if (taggedRate != null && !(taggedRate >= 0 && taggedRate <= 1)) {
            throw new IllegalArgumentException(
                    "warm_start.tagged_rate must be in [0, 1] [tagged_rate=" + taggedRate + "]");
        }
    }

    /**
     * Creates settings that report pass@k.
     *
     * @param steps optimizer steps
     * @param batchSize examples per step
     * @param optimizer optimizer settings
     * @param out checkpoint directory to write
     */
    public WarmStartConfig(int steps, int batchSize, OptimizerConfig optimizer, String out) {
        this(steps, batchSize, optimizer, out, null, null, null);
    }

    /** @return whether the warm start measures pass@k of its checkpoint (default true) */
    public boolean reportPassAtK() {
        return passAtK == null || passAtK;
    }

    /** @return steps between learning-curve evaluations, 0 for none */
    public int curveEvery() {
        return evalEvery == null ? 0 : Math.max(0, evalEvery);
    }

    /** @return the share of tagged warm-start targets (default 1) */
    public double taggedShare() {
        return taggedRate == null ? 1.0 : taggedRate;
    }
}
