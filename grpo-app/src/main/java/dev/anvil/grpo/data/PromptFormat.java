package dev.anvil.grpo.data;

/**
 * Turns a question into the text the model sees, and a final answer into the completion it should write.
 *
 * <p>The model is tiny and trained from scratch, so the prompt is the bare question; the response format
 * is the one the rewards check: {@code <answer>N</answer>}.
 */
public final class PromptFormat {

    /** Opening tag of the answer span. */
    public static final String ANSWER_OPEN = "<answer>";
    /** Closing tag of the answer span. */
    public static final String ANSWER_CLOSE = "</answer>";

    private PromptFormat() {}

    /**
     * Builds the request text for a question.
     *
     * @param question the question
     * @return the prompt text
     */
    public static String request(String question) {
        return question.strip() + "\n";
    }

    /**
     * Builds the ideal completion for a final answer, used by the supervised warm start.
     *
     * @param finalAnswer the number
     * @return {@code <answer>N</answer>}
     */
    public static String response(String finalAnswer) {
        return ANSWER_OPEN + finalAnswer + ANSWER_CLOSE;
    }
}
