package dev.anvil.grpo.eval;

/**
 * Sampled pass@k: the share of problems where at least one of {@code k} sampled answers is right.
 *
 * <p>GRPO mostly turns pass@k into pass@1, so pass@k of the base checkpoint (with the rollout group size
 * as {@code k}) bounds what GRPO can reach quickly.
 *
 * @param k samples per problem
 * @param temperature sampling temperature
 * @param solved problems with a right number inside {@code <answer>} tags in at least one sample
 * @param solvedAnywhere problems with the right number anywhere in at least one sample
 * @param total problems evaluated
 */
public record PassAtK(int k, double temperature, int solved, int solvedAnywhere, int total) {

    /** @return {@code solved / total} */
    public double rate() {
        return total == 0 ? 0 : (double) solved / total;
    }

    /** @return {@code solvedAnywhere / total} */
    public double anywhereRate() {
        return total == 0 ? 0 : (double) solvedAnywhere / total;
    }
}
