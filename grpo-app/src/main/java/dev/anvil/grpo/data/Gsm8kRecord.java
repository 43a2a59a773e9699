package dev.anvil.grpo.data;

/**
 * One line of a GSM8K-format JSONL file: a question and an answer whose last line is {@code #### N}.
 *
 * @param question the problem text shown to the model
 * @param answer the worked answer, ending in {@code #### N}
 */
public record Gsm8kRecord(String question, String answer) {

    /**
     * Returns the final number after {@code ####}, the part rewards compare against.
     *
     * @return the final answer, trimmed, with thousands separators removed
     * @throws IllegalArgumentException if the answer has no {@code ####} line
     */
    public String finalAnswer() {
        int idx = answer.lastIndexOf("####");
        if (idx < 0) {
            throw new IllegalArgumentException("GSM8K answer lacks '#### N' [answer=" + answer + "]");
        }
        return answer.substring(idx + 4).trim().replace(",", "");
    }
}
