package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Rollout sampling settings ({@code n} and {@code max_tokens} come from {@code group_size} and
 * {@code max_res_tokens}).
 *
 * @param temperature sampling temperature
 * @param topP nucleus mass
 */
public record PolicyConfig(
        @JsonProperty("temperature") double temperature,
        @JsonProperty("top_p") double topP) {}
