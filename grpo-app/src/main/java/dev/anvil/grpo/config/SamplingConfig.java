package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How to sample completions, as in vLLM's {@code SamplingParams}.
 *
 * @param n completions per prompt (the GRPO group size)
 * @param maxTokens most tokens per completion, including {@code <eos>}
 * @param temperature softmax temperature; 0 means greedy
 * @param topP nucleus sampling mass in (0, 1]; 1 keeps every token
 */
public record SamplingConfig(
        @JsonProperty("n") int n,
        @JsonProperty("max_tokens") int maxTokens,
        @JsonProperty("temperature") double temperature,
        @JsonProperty("top_p") double topP) {

    /** Validates the settings. */
    public SamplingConfig {
        if (n < 1 || maxTokens < 1 || temperature < 0 || topP <= 0 || topP > 1) {
            throw new IllegalArgumentException("invalid sampling config [n=" + n + ", max_tokens=" + maxTokens
                    + ", temperature=" + temperature + ", top_p=" + topP + "]");
        }
    }

    /**
     * Greedy decoding of one completion.
     *
     * @param maxTokens most tokens per completion
     * @return the config
     */
    public static SamplingConfig greedy(int maxTokens) {
        return new SamplingConfig(1, maxTokens, 0.0, 1.0);
    }
}
