package dev.anvil.grpo.actors;

import dev.anvil.grpo.reward.CombinedReward;
import dev.anvil.grpo.reward.RewardFunction;
import dev.anvil.sdk.Endpoint;
import java.util.List;

/**
 * The reward service (TorchForge's {@code RewardActor}): the mean of the math reward and the format reward.
 * Stateless, so any number of calls run at once.
 */
public class RewardActor {

    private final RewardFunction reward = CombinedReward.mathAndFormat();

    /**
     * Scores one response.
     *
     * @param response the decoded response
     * @param target the expected final answer
     * @return the reward in [0, 1]
     */
    @Endpoint
    public double score(String response, String target) {
        return reward.score(response, target);
    }

    /**
     * Scores a group of responses to one prompt.
     *
     * @param responses the decoded responses
     * @param target the expected final answer
     * @return one reward per response
     */
    @Endpoint
    public double[] scoreGroup(List<String> responses, String target) {
        return responses.stream().mapToDouble(r -> reward.score(r, target)).toArray();
    }
}
