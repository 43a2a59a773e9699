package dev.anvil.grpo.generation;

/**
 * One sampled completion.
 *
 * <p>{@code logprobs[i]} is the log-probability of {@code tokenIds[i]} under the generator's unmodified
 * distribution (temperature 1, no top-p), which is exactly what the trainer recomputes; it therefore serves
 * as the "old" log-prob of the GRPO ratio.
 *
 * @param text decoded completion (special tokens dropped)
 * @param promptIds prompt token ids as fed to the model (starting with {@code <bos>})
 * @param tokenIds generated token ids, including the final {@code <eos>} when it stopped
 * @param logprobs per-token log-probs, same length as {@code tokenIds}
 * @param stopReason {@code "stop"} (emitted {@code <eos>}) or {@code "length"} (hit {@code maxTokens})
 * @param generatorVersion weight version of the generator that produced it
 */
public record Completion(
        String text, int[] promptIds, int[] tokenIds, float[] logprobs, String stopReason, long generatorVersion) {

    /** Stop reason when the model emitted end-of-sequence. */
    public static final String STOP = "stop";
    /** Stop reason when the token budget ran out. */
    public static final String LENGTH = "length";
}
