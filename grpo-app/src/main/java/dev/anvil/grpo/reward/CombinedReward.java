package dev.anvil.grpo.reward;

import java.util.List;

/**
 * The mean of several rewards, as TorchForge's reward actor averages its reward functions.
 *
 * <pre>{@code
 * RewardFunction reward = CombinedReward.mathAndFormat();
 * double r = reward.score("<answer>68</answer>", "68");   // 1.0
 * }</pre>
 */
public final class CombinedReward implements RewardFunction {

    private final List<RewardFunction> parts;

    /**
     * Creates the average of the given rewards.
     *
     * @param parts at least one reward
     */
    public CombinedReward(List<RewardFunction> parts) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("need at least one reward function");
        }
        this.parts = List.copyOf(parts);
    }

    /** @return the average of {@link MathReward} and {@link FormatReward} */
    public static CombinedReward mathAndFormat() {
        return new CombinedReward(List.of(new MathReward(), new FormatReward()));
    }

    @Override
    public double score(String response, String target) {
        double sum = 0;
        for (RewardFunction f : parts) {
            sum += f.score(response, target);
        }
        return sum / parts.size();
    }
}
