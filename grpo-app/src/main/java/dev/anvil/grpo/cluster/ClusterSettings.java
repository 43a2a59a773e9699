package dev.anvil.grpo.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * How the GRPO loop uses the cluster ({@code config/cluster.yaml}; override with {@code cluster.key=value}).
 *
 * @param address {@code local}: an embedded head + {@code workers} workers in this JVM; {@code auto}:
 *     {@code Anvil.connect()} (the job's cluster, or {@code ANVIL_ADDRESS}); anything else: a discovery address
 * @param workers workers of the embedded cluster
 * @param policyReplicas policy (generator) replicas
 * @param rolloutThreads rollout loops running in parallel with training
 * @param promptsPerRollout prompts one rollout sends to the policy in one generation batch
 * @param maxPolicyAge how many versions an episode may lag the trainer and still be trained on
 * @param maxBufferSize replay buffer capacity in episodes
 * @param maxBufferedBatches rollouts pause while the buffer holds this many trainer batches (0 = never pause)
 * @param asyncWeightSync overlap each weight push + {@code updateWeights} fanout with the next step
 */
public record ClusterSettings(
        @JsonProperty("address") String address,
        @JsonProperty("workers") int workers,
        @JsonProperty("policy_replicas") int policyReplicas,
        @JsonProperty("rollout_threads") int rolloutThreads,
        @JsonProperty("prompts_per_rollout") int promptsPerRollout,
        @JsonProperty("max_policy_age") long maxPolicyAge,
        @JsonProperty("max_buffer_size") long maxBufferSize,
        @JsonProperty("max_buffered_batches") int maxBufferedBatches,
        @JsonProperty("async_weight_sync") boolean asyncWeightSync) {

    /** Location of the bundled settings. */
    public static final String BUNDLED = "classpath:config/cluster.yaml";

    /** Checks the values. */
    public ClusterSettings {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException(
                    "cluster.address must be local, auto or HOST:PORT [address=" + address + "]");
        }
        if (workers < 1
                || policyReplicas < 1
                || rolloutThreads < 1
                || promptsPerRollout < 1
                || maxPolicyAge < 0
                || maxBufferSize < 0
                || maxBufferedBatches < 0) {
            throw new IllegalArgumentException("cluster settings out of range [workers=" + workers
                    + ", policy_replicas="
                    + policyReplicas + ", rollout_threads=" + rolloutThreads + ", prompts_per_rollout="
                    + promptsPerRollout + ", max_policy_age=" + maxPolicyAge + ", max_buffer_size=" + maxBufferSize
                    + ", max_buffered_batches=" + maxBufferedBatches + "]");
        }
    }

    /** @return whether the loop starts its own embedded cluster */
    public boolean embedded() {
        return address.equals("local");
    }
}
