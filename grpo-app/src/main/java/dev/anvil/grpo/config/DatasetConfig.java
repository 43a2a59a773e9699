package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Where the GSM8K-format JSONL files are: a file path, or {@code classpath:...} for the bundled data.
 *
 * <p>Every choice made while training (the in-training evaluations, and what the learning rates and step counts were
 * picked on) looks at {@code validation}; {@code test} is evaluated once at the end of a run and only reported. The
 * keys of older configs still work: {@link ConfigLoader} reads {@code held_out} as {@code validation} and
 * {@code held_out_limit} as {@code validation_limit}, in files and on the command line.
 *
 * @param train training split
 * @param validation validation split: in-training accuracy and every choice ({@code held_out} in older configs)
 * @param test test split, reported once at the end; null (absent) means no test evaluation
 * @param validationLimit evaluate on at most this many validation problems (0 = all); the test split is always
 *     evaluated whole
 */
public record DatasetConfig(
        @JsonProperty("train") String train,
        @JsonProperty("validation") String validation,
        @JsonProperty("test") String test,

        @JsonProperty("validation_limit") int validationLimit) {

    /** @return whether a test split is configured */
    public boolean hasTest() {
        return test != null && !test.isBlank();
    }
}
