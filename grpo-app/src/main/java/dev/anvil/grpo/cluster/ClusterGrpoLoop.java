package dev.anvil.grpo.cluster;

import dev.anvil.grpo.actors.ComputeAdvantages;
import dev.anvil.grpo.actors.DatasetActor;
import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.ReferenceActor;
import dev.anvil.grpo.actors.RewardActor;
import dev.anvil.grpo.actors.TrainerActor;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.eval.EvalResult;
import dev.anvil.grpo.metrics.MetricsWriter;
import dev.anvil.grpo.metrics.PlotWriter;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.training.Episode;
import dev.anvil.grpo.training.TrainStepResult;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.FanoutException;
import dev.anvil.sdk.RemoteEndpointException;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.WeightStore;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * GRPO on Anvil services, in the shape of TorchForge's {@code apps/grpo/main.py}: dataset, policy (several replicas),
 * reference, reward and advantages services plus a trainer actor, all brought up at once; rollout loops run
 * continuously into a distributed replay buffer while the training loop samples it, steps, pushes the weights to
 * the weight store and fans {@code updateWeights} out to every policy replica. With {@code async_weight_sync} the
 * push and fanout of version {@code v+1} overlap the next step's sampling and training (replicas keep generating with
 * {@code v} meanwhile, which {@code maxPolicyAge} allows), and only a sync still running when the next one is due
 * holds the trainer up.
 *
 * <pre>{@code
 * ClusterGrpoLoop.Result r = new ClusterGrpoLoop(cfg, settings, System.out).run();   // embedded cluster
 * ClusterGrpoLoop.Result r = new ClusterGrpoLoop(cfg, settings, System.out).run(anvil); // a cluster you hold
 * }</pre>
 */
public final class ClusterGrpoLoop {

    /** Steps left out of the end-of-run time summary (JIT and allocator warm-up). */
    private static final int WARMUP_STEPS = 3;

    private final GrpoConfig cfg;
    private final ClusterSettings cluster;
    private final PrintStream log;
    private final Progress progress;

    /** Hooks for callers that watch a run (tests, dashboards); both default to doing nothing. */
    public interface Progress {
        /**
         * Called once every service is up, before the first step.
         *
         * @param replicas every replica of the run's services and of the trainer
         */
        default void servicesUp(List<ReplicaInfo> replicas) {}

        /**
         * Called after each step.
         *
         * @param step the step's metrics
         */
        default void step(ClusterStepMetrics step) {}
    }

    /**
     * The outcome of a run.
     *
     * @param initial held-out evaluation of the base weights
     * @param last held-out evaluation after the last step
     * @param history per-step metrics, step 0 first
     * @param checkpoint the final checkpoint directory
     * @param millis wall time of the run, services included
     * @param episodesAdded episodes the rollouts stored
     * @param episodesConsumed episodes the trainer sampled
     * @param episodesLeft episodes still in the buffer at the end
     */
    public record Result(EvalResult initial, EvalResult last, List<ClusterStepMetrics> history, Path checkpoint,
                         long millis, long episodesAdded, long episodesConsumed, long episodesLeft) {

        /** @return mean batch reward over the first quarter of the steps */
        public double earlyReward() {
            List<ClusterStepMetrics> steps = history.subList(1, history.size());
            return mean(steps.subList(0, Math.max(1, steps.size() / 4)));
        }

        /** @return mean batch reward over the last quarter of the steps */
        public double lateReward() {
            List<ClusterStepMetrics> steps = history.subList(1, history.size());
            return mean(steps.subList(steps.size() - Math.max(1, steps.size() / 4), steps.size()));
        }

        private static double mean(List<ClusterStepMetrics> steps) {
            return steps.stream().mapToDouble(ClusterStepMetrics::rewardMean).average().orElse(Double.NaN);
        }
    }

    /**
     * Creates the loop.
     *
     * @param cfg the GRPO configuration
     * @param cluster how to use the cluster
     * @param log where the per-step lines go
     */
    public ClusterGrpoLoop(GrpoConfig cfg, ClusterSettings cluster, PrintStream log) {
        this(cfg, cluster, log, new Progress() {});
    }

    /**
     * Creates the loop with a progress listener.
     *
     * @param cfg the GRPO configuration
     * @param cluster how to use the cluster
     * @param log where the per-step lines go
     * @param progress called when the services are up and after each step
     */
    public ClusterGrpoLoop(GrpoConfig cfg, ClusterSettings cluster, PrintStream log, Progress progress) {
        this.cfg = cfg;
        this.cluster = cluster;
        this.log = log;
        this.progress = progress;
    }

    /**
     * Opens the cluster the settings name, runs, and closes it.
     *
     * @return the result
     * @throws IOException if data, checkpoint or output files fail
     */
    public Result run() throws IOException {
        try (Anvil anvil = open(cluster)) {
            return run(anvil);
        }
    }

    /**
     * Opens the cluster named by {@code settings.address()}.
     *
     * @param settings the settings
     * @return the cluster handle
     */
    public static Anvil open(ClusterSettings settings) {
        return switch (settings.address()) {
            case "local" -> Anvil.local(settings.workers());
            case "auto" -> Anvil.connect();
            default -> Anvil.connect(settings.address());
        };
    }

    /**
     * Runs GRPO for {@code cfg.steps()} steps on a cluster the caller holds; its services are shut down at the end.
     *
     * @param anvil the cluster
     * @return the result
     * @throws IOException if data, checkpoint or output files fail
     */
    public Result run(Anvil anvil) throws IOException {
        cfg.applyThreads();
        long runStart = System.nanoTime();
        Path base = Path.of(cfg.baseCheckpoint());
        Path outDir = Path.of(cfg.outDir());
        ModelConfig shape = CheckpointLoader.readConfig(base);
        // Names unique per run, so runs sharing a long-lived cluster never meet each other's state.
        String run = "grpo-" + UUID.randomUUID().toString().substring(0, 8);
        WeightStore weights = anvil.weightStore(run + "-policy");
        // The reference gets a store of its own: the policy store's retention drops version 0 after two steps, and a
        // restarted reference replica must load the base weights again.
        WeightStore referenceWeights = anvil.weightStore(run + "-reference");
        try (LanguageModel m = CheckpointLoader.load(base)) {
            Map<String, byte[]> baseWeights = m.exportWeights();
            weights.push(0, baseWeights);
            referenceWeights.push(0, baseWeights);
        }
        ReplayBufferConfig bufferCfg = ReplayBufferConfig.builder().batchSize(cfg.batchSize()).dpSize(1)
                .maxPolicyAge(cluster.maxPolicyAge()).maxResampleCount(0).maxBufferSize(cluster.maxBufferSize())
                .seed(cfg.seed()).build();
        ReplayBuffer<Episode> buffer = anvil.replayBuffer(run + "-episodes", Episode.class, bufferCfg);

        // All services at once, as TorchForge's asyncio.gather.
        String store = weights.name();
        CompletableFuture<ServiceHandle<DatasetActor>> datasetF = anvil.options(DatasetActor.class)
                .name(run + "-dataset").asServiceAsync(cfg.dataset().train(), cfg.seed() + 1L);
        CompletableFuture<ServiceHandle<PolicyActor>> policyF = anvil.options(PolicyActor.class)
                .name(run + "-policy").numReplicas(cluster.policyReplicas()).asServiceAsync(shape, store, (long) cfg.seed());
        CompletableFuture<ServiceHandle<ReferenceActor>> referenceF = anvil.options(ReferenceActor.class)
                .name(run + "-reference").asServiceAsync(shape, referenceWeights.name(), 0L);
        CompletableFuture<ServiceHandle<RewardActor>> rewardF = anvil.options(RewardActor.class)
                .name(run + "-reward").asServiceAsync();
        CompletableFuture<ServiceHandle<ComputeAdvantages>> advantagesF = anvil.options(ComputeAdvantages.class)
                .name(run + "-advantages").asServiceAsync();
        CompletableFuture<ActorHandle<TrainerActor>> trainerF = anvil.options(TrainerActor.class)
                .name(run + "-trainer").asActorAsync(shape, cfg.trainer(), store);
        CompletableFuture.allOf(datasetF, policyF, referenceF, rewardF, advantagesF, trainerF).join();
        RolloutLoop.Services svc = new RolloutLoop.Services(datasetF.join(), policyF.join(), referenceF.join(),
                rewardF.join(), advantagesF.join());
        ActorHandle<TrainerActor> trainer = trainerF.join();
        log.printf("GRPO on Anvil (%s): %d policy replicas, %d rollout threads, %d steps x %d episodes;"
                        + " services up in %.1f s%n", anvil.address(), cluster.policyReplicas(), cluster.rolloutThreads(),
                cfg.steps(), cfg.batchSize(), (System.nanoTime() - runStart) / 1e9);

        List<ReplicaInfo> placement = new ArrayList<>();
        for (ServiceHandle<?> h : List.of(svc.dataset(), svc.policy(), svc.reference(), svc.reward(), svc.advantages())) {
            placement.addAll(h.replicas());
        }
        placement.add(trainer.info());
        progress.servicesUp(placement);

        RolloutStats stats = new RolloutStats();
        ExecutorService syncThread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "grpo-weight-sync");
            t.setDaemon(true);
            return t;
        });
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> rollouts = new ArrayList<>();
        List<ReplayBuffer<Episode>> rolloutBuffers = new ArrayList<>();
        try (MetricsWriter metrics = new MetricsWriter(outDir.resolve("metrics.jsonl"))) {
            EvalResult initial = evaluate(svc.policy());
            EvalResult last = initial;
            List<ClusterStepMetrics> history = new ArrayList<>();
            ClusterStepMetrics first = new ClusterStepMetrics(0, Double.NaN, Double.NaN, initial.accuracy(), Double.NaN,
                    Double.NaN, Double.NaN, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            history.add(first);
            metrics.write(first);
            log.printf("held-out accuracy at start %.1f%%%n", 100 * initial.accuracy());

            for (int i = 0; i < cluster.rolloutThreads(); i++) {
                ReplayBuffer<Episode> own = anvil.replayBuffer(buffer.name(), Episode.class, bufferCfg);
                rolloutBuffers.add(own);
                Thread t = new Thread(new RolloutLoop(svc, own, cfg.sampling(), cluster.promptsPerRollout(),
                        (long) cluster.maxBufferedBatches() * cfg.batchSize(), stats, stop),
                        "grpo-rollout-" + i);
                t.setDaemon(true);
                rollouts.add(t);
                t.start();
            }

            long version = 0;
            long consumed = 0;
            long lastSyncMillis = 0;
            CompletableFuture<Long> pendingSync = CompletableFuture.completedFuture(0L);
            RolloutStats.Snapshot before = stats.snapshot();
            for (int step = 1; step <= cfg.steps(); step++) {
                long t0 = System.nanoTime();
                List<Episode> batch = nextBatch(buffer, version, rollouts);
                consumed += batch.size();
                long t1 = System.nanoTime();
                TrainStepResult tr = trainer.endpoint(TrainerActor::trainStep, batch).callOne().join();
                long t2 = System.nanoTime();
                // The previous version must be on every replica before the next push (the store keeps 2 versions).
                lastSyncMillis = cluster.asyncWeightSync() ? pendingSync.join() : lastSyncMillis;
                pendingSync = weightSync(trainer, svc.policy(), version + 1, syncThread);
                if (!cluster.asyncWeightSync()) {
                    lastSyncMillis = pendingSync.join();
                }
                long t3 = System.nanoTime();
                long lag = version - batch.stream().mapToLong(Episode::policyVersion).min().orElse(version);
                version++;
                double acc = Double.NaN;
                if (step % cfg.evalEvery() == 0 || step == cfg.steps()) {
                    pendingSync.join();
                    last = evaluate(svc.policy());
                    acc = last.accuracy();
                }
                RolloutStats.Snapshot now = stats.snapshot();
                RolloutStats.Snapshot delta = now.minus(before);
                before = now;
                double mean = batch.stream().mapToDouble(Episode::reward).average().orElse(0);
                double std = Math.sqrt(batch.stream().mapToDouble(e -> (e.reward() - mean) * (e.reward() - mean))
                        .average().orElse(0));
                long stepNanos = t3 - t0;
                ClusterStepMetrics m = new ClusterStepMetrics(step, mean, std, acc, tr.loss(), tr.kl(), tr.gradNorm(),
                        delta.tokens() * 1e9 / Math.max(1, stepNanos), delta.tokensPerReplicaSecond(),
                        ms(t1 - t0), ms(t2 - t1), tr.millis(), ms(t3 - t2), lastSyncMillis, ms(stepNanos), version,
                        lag, delta.episodesAdded(), delta.failures());
                history.add(m);
                metrics.write(m);
                log.println(m.line());
                progress.step(m);
            }
            pendingSync.join();
            stop.set(true);
            for (Thread t : rollouts) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            Path ckpt = outDir.resolve("checkpoint");
            try (LanguageModel finalModel = LanguageModel.create(shape, 0)) {
                finalModel.importWeights(weights.pull(version));
                Checkpoint.save(finalModel, ckpt);
            }
            PlotWriter.write(history.stream().map(ClusterStepMetrics::asStepMetrics).toList(),
                    outDir.resolve("reward.png"));
            if (history.size() > 1 + WARMUP_STEPS) {
                log.print(StepTimeSummary.of(history, WARMUP_STEPS).report());
            }
            long left = buffer.size();
            long millis = (System.nanoTime() - runStart) / 1_000_000;
            log.printf("GRPO done in %.1f s: held-out accuracy %.1f%% -> %.1f%% (%+.1f points); episodes added %d,"
                            + " trained %d, left in buffer %d; checkpoint %s, plot %s%n", millis / 1000.0,
                    100 * initial.accuracy(), 100 * last.accuracy(), 100 * (last.accuracy() - initial.accuracy()),
                    stats.episodesAdded.get(), consumed, left, ckpt, outDir.resolve("reward.png"));
            return new Result(initial, last, history, ckpt, millis, stats.episodesAdded.get(), consumed, left);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            stop.set(true);
            for (Thread t : rollouts) {
                t.interrupt();
            }
            syncThread.shutdown();
            shutdown(svc, trainer);
            buffer.close();
            for (ReplayBuffer<Episode> b : rolloutBuffers) {
                closeQuietly(b);
            }
        }
    }

    /** Pushes the trainer's weights as {@code version} and has every policy replica load them; returns the millis. */
    private static CompletableFuture<Long> weightSync(ActorHandle<TrainerActor> trainer, ServiceHandle<PolicyActor> policy,
                                                      long version, ExecutorService thread) {
        return CompletableFuture.supplyAsync(() -> {
            long start = System.nanoTime();
            trainer.endpoint(TrainerActor::pushWeights, version).callOne().join();
            try {
                policy.endpoint(PolicyActor::updateWeights, version).fanout().join();
            } catch (CompletionException e) {
                tolerateLostReplicas(e, version);
            }
            return ms(System.nanoTime() - start);
        }, thread);
    }

    /**
     * A replica that could not be reached during the fanout has died: the head restarts it and its {@code setup()}
     * loads the newest committed weights, so the sync is complete for it. An endpoint that answered with an error is
     * a real failure and ends the run.
     */
    private static void tolerateLostReplicas(CompletionException e, long version) {
        if (!(e.getCause() instanceof FanoutException fe)
                || fe.failures().values().stream().anyMatch(t -> t instanceof RemoteEndpointException)) {
            throw e;
        }
        System.err.printf("weight sync v%d: replicas %s unreachable (restarting; they load the newest weights)%n",
                version, fe.failures().keySet());
    }

    /** Waits for a full batch, failing if every rollout loop has died. */
    private static List<Episode> nextBatch(ReplayBuffer<Episode> buffer, long version, List<Thread> rollouts) {
        while (true) {
            List<List<Episode>> drawn = buffer.sample(version);
            if (drawn != null) {
                return drawn.get(0);
            }
            if (rollouts.stream().noneMatch(Thread::isAlive)) {
                throw new IllegalStateException("every rollout loop stopped before the batch filled [version=" + version + "]");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    private EvalResult evaluate(ServiceHandle<PolicyActor> policy) {
        return policy.endpoint(PolicyActor::evaluate, cfg.dataset().heldOut(), cfg.dataset().heldOutLimit(),
                cfg.maxResTokens()).route().join();
    }

    private static void shutdown(RolloutLoop.Services svc, ActorHandle<TrainerActor> trainer) {
        CompletableFuture.allOf(svc.dataset().shutdown(), svc.policy().shutdown(), svc.reference().shutdown(),
                svc.reward().shutdown(), svc.advantages().shutdown(), trainer.shutdown()).orTimeout(60, TimeUnit.SECONDS)
                .exceptionally(e -> null).join();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // already closing the run
        }
    }

    private static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
