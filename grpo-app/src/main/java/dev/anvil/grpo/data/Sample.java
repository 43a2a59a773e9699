package dev.anvil.grpo.data;

/**
 * What the dataset hands a rollout: the prompt text for the policy and the target answer for the reward.
 *
 * @param request the prompt text given to the model
 * @param target the final answer (the number after {@code ####})
 */
public record Sample(String request, String target) {}
