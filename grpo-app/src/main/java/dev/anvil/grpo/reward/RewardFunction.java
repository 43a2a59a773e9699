package dev.anvil.grpo.reward;

/** Scores one completion against the target answer; higher is better, in [0, 1]. */
@FunctionalInterface
public interface RewardFunction {

    /**
     * Scores a completion.
     *
     * @param response the completion text
     * @param target the expected final answer
     * @return the reward in [0, 1]
     */
    double score(String response, String target);
}
