package dev.anvil.grpo.eval;

/**
 * Accuracy of a model on one split.
 *
 * @param correct problems answered with the right number inside {@code <answer>} tags
 * @param total problems evaluated
 * @param meanReward mean combined (math + format) reward
 * @param formatRate share of answers in the expected format
 * @param anywhere problems whose answer holds the right number anywhere, tagged or not
 */
public record EvalResult(int correct, int total, double meanReward, double formatRate, int anywhere) {

    /**
     * Creates a result that does not count untagged right answers separately.
     *
     * @param correct problems answered with the right number inside {@code <answer>} tags
     * @param total problems evaluated
     * @param meanReward mean combined (math + format) reward
     * @param formatRate share of answers in the expected format
     */
    public EvalResult(int correct, int total, double meanReward, double formatRate) {
        this(correct, total, meanReward, formatRate, correct);
    }

    /** @return {@code correct / total} */
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }

    /** @return {@code anywhere / total}: accuracy when the number may stand outside the tags */
    public double anywhereAccuracy() {
        return total == 0 ? 0 : (double) anywhere / total;
    }
}
