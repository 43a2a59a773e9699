package dev.anvil.grpo.cluster;

import dev.anvil.grpo.actors.ComputeAdvantages;
import dev.anvil.grpo.actors.DatasetActor;
import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.ReferenceActor;
import dev.anvil.grpo.actors.RewardActor;
import dev.anvil.grpo.actors.TrainerActor;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.engine.DevicePlacement;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.InsufficientResourcesException;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.ServiceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The services and the trainer actor of one run, brought up together and shut down together.
 *
 * @param rollout the services a rollout calls (dataset, policy, reference, reward, advantages)
 * @param trainer the trainer actor
 */
record GrpoServices(RolloutLoop.Services rollout, ActorHandle<TrainerActor> trainer) {

    private static final Logger LOG = LoggerFactory.getLogger(GrpoServices.class);

    /**
     * Deploys every service and the trainer at once, as TorchForge's {@code asyncio.gather}, and waits for all. The
     * policy replicas, the reference and the trainer ask for a GPU each as {@code cluster.gpus} says; with
     * {@code auto}, a cluster with too few free GPUs gets everything on CPUs instead (one log line says so).
     *
     * @param anvil the cluster
     * @param run the run's name, the prefix of every service name
     * @param cfg the GRPO configuration
     * @param cluster how to use the cluster (policy replicas, GPUs)
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
        ClusterSettings.GpuMode mode = cluster.gpuMode();
        if (mode == ClusterSettings.GpuMode.OFF) {
            return start(anvil, run, cfg, cluster, shape, policyStore, referenceStore, false);
        }
        try {
            return start(anvil, run, cfg, cluster, shape, policyStore, referenceStore, true);
        } catch (InsufficientResourcesException e) {
            if (mode == ClusterSettings.GpuMode.REQUIRED || !"gpus".equals(e.resource())) {
                throw e;
            }
            LOG.warn(
                    "cluster.gpus=auto: too few free GPUs for {} policy replicas + reference + trainer, all on CPUs"
                            + " [{}]",
                    cluster.policyReplicas(),
                    e.getMessage());
            return start(anvil, run, cfg, cluster, shape, policyStore, referenceStore, false);
        }
    }

    private static GrpoServices start(
            Anvil anvil,
            String run,
            GrpoConfig cfg,
            ClusterSettings cluster,
            ModelConfig shape,
            String policyStore,
            String referenceStore,
            boolean gpus) {
        CompletableFuture<ServiceHandle<DatasetActor>> datasetF = anvil.options(DatasetActor.class)
                .name(run + "-dataset")
                .asServiceAsync(cfg.dataset().train(), cfg.seed() + 1L);
        // PolicyActor is thread-safe (generation and the weight import share one lock): two calls at once let a
        // replica pull the next weights from the store while it generates.
        ServiceOptions<PolicyActor> policyOptions = anvil.options(PolicyActor.class)
                .name(run + "-policy")
                .maxConcurrentRequests(2)
                .withGpus(gpus);
        policyOptions = cluster.policyAutoscaled()
                ? policyOptions.autoscale(cluster.policyAutoscale())
                : policyOptions.numReplicas(cluster.initialPolicyReplicas());
        CompletableFuture<ServiceHandle<PolicyActor>> policyF =
                policyOptions.asServiceAsync(shape, policyStore, (long) cfg.seed());
        CompletableFuture<ServiceHandle<ReferenceActor>> referenceF = anvil.options(ReferenceActor.class)
                .name(run + "-reference")
                .withGpus(gpus)
                .asServiceAsync(shape, referenceStore, 0L);
        CompletableFuture<ServiceHandle<RewardActor>> rewardF =
                anvil.options(RewardActor.class).name(run + "-reward").asServiceAsync();
        CompletableFuture<ServiceHandle<ComputeAdvantages>> advantagesF =
                anvil.options(ComputeAdvantages.class).name(run + "-advantages").asServiceAsync();
        CompletableFuture<ActorHandle<TrainerActor>> trainerF = anvil.options(TrainerActor.class)
                .name(run + "-trainer")
                .withGpus(gpus)
                .asActorAsync(shape, cfg.trainer(), policyStore);
        List<CompletableFuture<?>> all = List.of(datasetF, policyF, referenceF, rewardF, advantagesF, trainerF);
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // Nothing half-deployed is left behind: what came up goes down before the error is thrown.
            shutdownStarted(all);
            throw unwrap(e);
        }
        return new GrpoServices(
                new RolloutLoop.Services(
                        datasetF.join(), policyF.join(), referenceF.join(), rewardF.join(), advantagesF.join()),
                trainerF.join());
    }

    private static void shutdownStarted(List<CompletableFuture<?>> deployments) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (CompletableFuture<?> f : deployments) {
            Object handle = f.exceptionally(e -> null).join();
            if (handle instanceof ServiceHandle<?> s) {
                stops.add(s.shutdown());
            } else if (handle instanceof ActorHandle<?> a) {
                stops.add(a.shutdown());
            }
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                .orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> null)
                .join();
    }

    private static RuntimeException unwrap(CompletionException e) {
        return e.getCause() instanceof RuntimeException r ? r : e;
    }

    /**
     * Where each model-holding actor put its model, e.g. {@code policy#0 gpu(0), reference cpu()}.
     *
     * @return one entry per policy replica, then the reference and the trainer
     */
    List<String> devices() {
        List<String> out = new ArrayList<>();
        List<DevicePlacement> policies =
                rollout.policy().endpoint(PolicyActor::device).fanout().join();
        for (int i = 0; i < policies.size(); i++) {
            out.add("policy#" + i + " " + policies.get(i).describe());
        }
        out.add("reference "
                + rollout.reference()
                        .endpoint(ReferenceActor::device)
                        .route()
                        .join()
                        .describe());
        out.add("trainer "
                + trainer.endpoint(TrainerActor::device).callOne().join().describe());
        return out;
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
