package dev.anvil.grpo.eval;

/**
 * Held-out accuracy of a model.
 *
 * @param correct problems answered with the right number inside {@code <answer>} tags
 * @param total problems evaluated
 * @param meanReward mean combined (math + format) reward
 * @param formatRate share of answers in the expected format
 */
public record EvalResult(int correct, int total, double meanReward, double formatRate) {

    /** @return {@code correct / total} */
    public double accuracy() {
        return total == 0 ? 0 : (double) correct / total;
    }
}
