package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the GSM8K-format JSONL files are: a file path, or {@code classpath:...} for the bundled data.
 *
 * @param train training split
 * @param heldOut held-out split used for accuracy
 * @param heldOutLimit evaluate on at most this many held-out problems (0 = all)
 */
public record DatasetConfig(
        @JsonProperty("train") String train,
        @JsonProperty("held_out") String heldOut,
        @JsonProperty("held_out_limit") int heldOutLimit) {}
