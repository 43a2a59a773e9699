package dev.anvil.grpo.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

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
 * @param gpus whether the policy replicas, the reference and the trainer ask for a GPU each: {@code auto} (when the
 *     cluster has enough free GPUs, else on CPUs), {@code true} (fail when it has not) or {@code false}
 * @param gpusPerWorker GPUs each worker of the embedded cluster ({@code address: local}) declares; its workers share
 *     one host, so on a one-GPU host give every worker 1 and make {@code workers} at least policy replicas + 2
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
        @JsonProperty("async_weight_sync") boolean asyncWeightSync,
        @JsonProperty("gpus") String gpus,
        @JsonProperty("gpus_per_worker") int gpusPerWorker) {

    /** {@code gpus: auto}: GPUs when the cluster has them. */
    public static final String GPUS_AUTO = "auto";

    /** Location of the bundled settings. */
    public static final String BUNDLED = "classpath:config/cluster.yaml";

    /** Checks the values. */
    public ClusterSettings {
        gpus = gpus == null ? GPUS_AUTO : gpus.trim().toLowerCase(java.util.Locale.ROOT);
        if (!List.of(GPUS_AUTO, "true", "false").contains(gpus)) {
            throw new IllegalArgumentException("cluster.gpus must be auto, true or false [gpus=" + gpus + "]");
        }
        if (gpusPerWorker < 0) {
            throw new IllegalArgumentException(
                    "cluster.gpus_per_worker must be >= 0 [gpus_per_worker=" + gpusPerWorker + "]");
        }
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

    /** @return GPU mode: false never asks, true always asks, auto asks unless the cluster plainly has none */
    public GpuMode gpuMode() {
        return switch (gpus) {
            case "true" -> GpuMode.REQUIRED;
            case "false" -> GpuMode.OFF;
            default -> embedded() && gpusPerWorker == 0 ? GpuMode.OFF : GpuMode.PREFERRED;
        };
    }

    /** How the GPU-heavy actors ask for GPUs. */
    public enum GpuMode {
        /** Never: every model on the CPU. */
        OFF,
        /** When the cluster has enough free GPUs; otherwise all on the CPU, with one log line. */
        PREFERRED,
        /** Always: too few free GPUs fail the run. */
        REQUIRED
    }
}
