package dev.anvil.grpo.actors;

import dev.anvil.grpo.reward.Advantages;
import dev.anvil.sdk.Endpoint;

/** Group-relative advantages as a service, {@code (r - mean) / (std + 1e-4)} (TorchForge's {@code ComputeAdvantages}). */
public class ComputeAdvantages {

    /**
     * Computes the advantages of one group.
     *
     * @param rewards the group's rewards (at least one)
     * @return one advantage per reward
     */
    @Endpoint
    public double[] compute(double[] rewards) {
        if (rewards == null || rewards.length == 0) {
            throw new IllegalArgumentException("compute needs at least one reward [rewards=0]");
        }
        return Advantages.compute(rewards);
    }
}
