package dev.anvil.grpo.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.anvil.sdk.Autoscale;
import java.time.Duration;
import java.util.List;

/**
 * How the GRPO loop uses the cluster ({@code config/cluster.yaml}; override with {@code cluster.key=value}).
 *
 * @param address {@code local}: an embedded head + {@code workers} workers in this JVM; {@code auto}:
 *     {@code Anvil.connect()} (the job's cluster, or {@code ANVIL_ADDRESS}); anything else: a discovery address
 * @param workers workers of the embedded cluster
 * @param policyReplicas policy (generator) replicas: a number, or {@code auto} to let the head scale them between
 *     {@code policy_min_replicas} and {@code policy_max_replicas} with the load
 * @param policyMinReplicas fewest policy replicas with {@code policy_replicas: auto}
 * @param policyMaxReplicas most policy replicas with {@code policy_replicas: auto}
 * @param policyTargetOngoing autoscale target: ongoing plus queued generation calls per policy replica
 * @param policyUpscaleDelaySeconds autoscale: how long the load must stay above the target before a replica is added
 * @param policyDownscaleDelaySeconds autoscale: how long it must stay below before one is drained and removed
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
        @JsonProperty("policy_replicas") String policyReplicas,
        @JsonProperty("policy_min_replicas") int policyMinReplicas,
        @JsonProperty("policy_max_replicas") int policyMaxReplicas,
        @JsonProperty("policy_target_ongoing") double policyTargetOngoing,
        @JsonProperty("policy_upscale_delay_s") double policyUpscaleDelaySeconds,
        @JsonProperty("policy_downscale_delay_s") double policyDownscaleDelaySeconds,
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
        if (policyReplicas == null || !policyReplicas.equals("auto") && !policyReplicas.matches("[1-9][0-9]{0,3}")) {
            throw new IllegalArgumentException(
                    "cluster.policy_replicas must be a number >= 1 or auto [policy_replicas=" + policyReplicas + "]");
        }
        if (policyReplicas.equals("auto")
                && (policyMinReplicas < 1
                        || policyMaxReplicas < policyMinReplicas
                        || !(policyTargetOngoing > 0)
                        || !(policyUpscaleDelaySeconds > 0)
                        || !(policyDownscaleDelaySeconds > 0))) {
            throw new IllegalArgumentException("cluster.policy_replicas=auto needs 1 <= policy_min_replicas <="
                    + " policy_max_replicas, policy_target_ongoing > 0 and positive delays [policy_min_replicas="
                    + policyMinReplicas + ", policy_max_replicas=" + policyMaxReplicas + ", policy_target_ongoing="
                    + policyTargetOngoing + ", policy_upscale_delay_s=" + policyUpscaleDelaySeconds
                    + ", policy_downscale_delay_s=" + policyDownscaleDelaySeconds + "]");
        }
        if (workers < 1
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

    /** @return whether the head scales the policy replicas with the load ({@code policy_replicas: auto}) */
    public boolean policyAutoscaled() {
        return policyReplicas.equals("auto");
    }

    /** @return the policy replicas the service starts with: the fixed number, or the autoscale minimum */
    public int initialPolicyReplicas() {
        return policyAutoscaled() ? policyMinReplicas : Integer.parseInt(policyReplicas);
    }

    /** @return the autoscaling of the policy service; only with {@code policy_replicas: auto} */
    public Autoscale policyAutoscale() {
        return Autoscale.between(policyMinReplicas, policyMaxReplicas)
                .targetOngoingRequests(policyTargetOngoing)
                .upscaleDelay(Duration.ofMillis(Math.round(policyUpscaleDelaySeconds * 1000)))
                .downscaleDelay(Duration.ofMillis(Math.round(policyDownscaleDelaySeconds * 1000)));
    }

    /** @return how the policy replicas are set, for logs: {@code 2}, or {@code auto 1..4} */
    public String describePolicyReplicas() {
        return policyAutoscaled() ? "auto " + policyMinReplicas + ".." + policyMaxReplicas : policyReplicas;
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
