package dev.anvil.grpo.cluster;

import dev.anvil.grpo.actors.ComputeAdvantages;
import dev.anvil.grpo.actors.DatasetActor;
import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.ReferenceActor;
import dev.anvil.grpo.actors.RewardActor;
import dev.anvil.grpo.actors.TrainerActor;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.ServiceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The services and the trainer actor of one run, brought up together and shut down together.
 *
 * @param rollout the services a rollout calls (dataset, policy, reference, reward, advantages)
 * @param trainer the trainer actor
 */
record GrpoServices(RolloutLoop.Services rollout, ActorHandle<TrainerActor> trainer) {

    /**
     * Deploys every service and the trainer at once, as TorchForge's {@code asyncio.gather}, and waits for all.
     *
     * @param anvil the cluster
     * @param run the run's name, the prefix of every service name
     * @param cfg the GRPO configuration
     * @param cluster how to use the cluster (policy replicas)
     * @param shape the model shape
     * @param policyStore the weight store the trainer pushes to and the policy replicas load from
     * @param referenceStore the weight store holding the reference (base) weights
     * @return the running services
     */
    static GrpoServices start(
            Anvil anvil,
            String run,
            GrpoConfig cfg,
            ClusterSettings cluster,
            ModelConfig shape,
            String policyStore,
            String referenceStore) {
        CompletableFuture<ServiceHandle<DatasetActor>> datasetF = anvil.options(DatasetActor.class)
                .name(run + "-dataset")
                .asServiceAsync(cfg.dataset().train(), cfg.seed() + 1L);
        // PolicyActor is thread-safe (generation and the weight import share one lock): two calls at once let a
        // replica pull the next weights from the store while it generates.
        ServiceOptions<PolicyActor> policyOptions =
                anvil.options(PolicyActor.class).name(run + "-policy").maxConcurrentRequests(2);
        policyOptions = cluster.policyAutoscaled()
                ? policyOptions.autoscale(cluster.policyAutoscale())
                : policyOptions.numReplicas(cluster.initialPolicyReplicas());
        CompletableFuture<ServiceHandle<PolicyActor>> policyF =
                policyOptions.asServiceAsync(shape, policyStore, (long) cfg.seed());
        CompletableFuture<ServiceHandle<ReferenceActor>> referenceF =
                anvil.options(ReferenceActor.class).name(run + "-reference").asServiceAsync(shape, referenceStore, 0L);
        CompletableFuture<ServiceHandle<RewardActor>> rewardF =
                anvil.options(RewardActor.class).name(run + "-reward").asServiceAsync();
        CompletableFuture<ServiceHandle<ComputeAdvantages>> advantagesF =
                anvil.options(ComputeAdvantages.class).name(run + "-advantages").asServiceAsync();
        CompletableFuture<ActorHandle<TrainerActor>> trainerF = anvil.options(TrainerActor.class)
                .name(run + "-trainer")
                .asActorAsync(shape, cfg.trainer(), policyStore);
        CompletableFuture.allOf(datasetF, policyF, referenceF, rewardF, advantagesF, trainerF)
                .join();
        return new GrpoServices(
                new RolloutLoop.Services(
                        datasetF.join(), policyF.join(), referenceF.join(), rewardF.join(), advantagesF.join()),
                trainerF.join());
    }

    /** @return the policy service */
    ServiceHandle<PolicyActor> policy() {
        return rollout.policy();
    }

    /** @return every replica of the services, then the trainer's */
    List<ReplicaInfo> replicas() {
        List<ReplicaInfo> placement = new ArrayList<>();
        for (ServiceHandle<?> h : List.of(
                rollout.dataset(), rollout.policy(), rollout.reference(), rollout.reward(), rollout.advantages())) {
            placement.addAll(h.replicas());
        }
        placement.add(trainer.info());
        return placement;
    }

    /** Shuts everything down, waiting up to a minute; failures are ignored (the run is ending anyway). */
    void shutdown() {
        CompletableFuture.allOf(
                        rollout.dataset().shutdown(),
                        rollout.policy().shutdown(),
                        rollout.reference().shutdown(),
                        rollout.reward().shutdown(),
                        rollout.advantages().shutdown(),
                        trainer.shutdown())
                .orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
    }
}
