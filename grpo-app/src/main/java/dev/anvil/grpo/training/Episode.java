package dev.anvil.grpo.training;

import dev.anvil.grpo.generation.Completion;

/**
 * One scored rollout, the unit the replay buffer stores and the trainer consumes.
 *
 * @param promptIds prompt token ids (with {@code <bos>})
 * @param responseIds generated token ids (with the final {@code <eos>} if it stopped)
 * @param oldLogprobs generation-time log-probs of {@code responseIds}
 * @param refLogprobs reference-model log-probs of {@code responseIds}
 * @param reward the reward
 * @param advantage the group-relative advantage
 * @param policyVersion weight version that generated it
 * @param response the decoded response, for logs
 * @param target the expected answer, for logs
 */
public record Episode(
        int[] promptIds,
        int[] responseIds,
        float[] oldLogprobs,
        float[] refLogprobs,
        double reward,
        double advantage,
        long policyVersion,
        String response,
        String target) {

    /** The episode of completion {@code c}, scored and compared with the reference model. */
    public static Episode of(Completion c, float[] refLogprobs, double reward, double advantage, String target) {
        return new Episode(
                c.promptIds(),
                c.tokenIds(),
                c.logprobs(),
                refLogprobs,
                reward,
                advantage,
                c.generatorVersion(),
                c.text(),
                target);
    }
}
