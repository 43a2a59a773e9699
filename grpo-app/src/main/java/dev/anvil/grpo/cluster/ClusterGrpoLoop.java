package dev.anvil.grpo.cluster;

import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.TrainerActor;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.eval.EvalResult;
import dev.anvil.grpo.metrics.PlotWriter;
import dev.anvil.grpo.training.Episode;
import dev.anvil.grpo.training.TrainStepResult;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.RunMetrics;
import dev.anvil.sdk.ServiceHandle;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * GRPO on Anvil services, in the shape of TorchForge's {@code apps/grpo/main.py}: dataset, policy (several replicas),
 * reference, reward and advantages services plus a trainer actor, all brought up at once; rollout loops run
 * continuously into a distributed replay buffer while the training loop samples it, steps, pushes the weights to
 * the weight store and fans {@code updateWeights} out to every policy replica. With {@code async_weight_sync} the
 * push and fanout of version {@code v+1} overlap the next step's sampling and training (replicas keep generating with
 * {@code v} meanwhile, which {@code maxPolicyAge} allows), and only a sync still running when the next one is due
 * holds the trainer up.
 *
 * <p>A run reads as {@code start} (the pieces in a {@link ClusterRun}: stores, buffer, services, then step 0 and the
 * rollout loops), one {@code step} per training step, and {@code finish} (final checkpoint, plot and summary); the
 * {@link ClusterRun} is closed whatever happens, so the services never outlive the run.
 *
 * <pre>{@code
 * ClusterGrpoLoop.Result r = new ClusterGrpoLoop(cfg, settings, System.out).run();   // embedded cluster
 * ClusterGrpoLoop.Result r = new ClusterGrpoLoop(cfg, settings, System.out).run(anvil); // a cluster you hold
 * }</pre>
 */
public final class ClusterGrpoLoop {
    /** The run name the loop publishes its step figures under ({@code anvil.runMetrics}). */
    public static final String DASHBOARD_RUN = "grpo";

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
     * @param initial validation evaluation of the base weights
     * @param last validation evaluation after the last step
     * @param history per-step metrics, step 0 first
     * @param checkpoint the final checkpoint directory
     * @param millis wall time of the run, services included
     * @param episodesAdded episodes the rollouts stored
     * @param episodesConsumed episodes the trainer sampled
     * @param episodesLeft episodes still in the buffer at the end
     */
    public record Result(
            EvalResult initial,
            EvalResult last,
            List<ClusterStepMetrics> history,
            Path checkpoint,
            long millis,
            long episodesAdded,
            long episodesConsumed,
            long episodesLeft) {

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
            return steps.stream()
                    .mapToDouble(m -> m.scores().rewardMean())
                    .average()
                    .orElse(Double.NaN);
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
            case "local" -> Anvil.local(settings.workers(), settings.gpusPerWorker());
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
        Path outDir = Path.of(cfg.outDir());
        // The run's progress, plotted by the head's dashboard while it goes on.
        RunMetrics dashboard = anvil.runMetrics(DASHBOARD_RUN);
        try (RunRecord record = new RunRecord(outDir.resolve("metrics.jsonl"));
                ClusterRun running = start(anvil, record)) {
            publish(
                    dashboard,
                    ClusterStepMetrics.beforeTraining(record.initial().accuracy()));
            for (int step = 1; step <= cfg.steps(); step++) {
                ClusterStepMetrics m = step(running, record, step);
                record.add(m);
                publish(dashboard, m);
                log.println(m.line());
                progress.step(m);
            }
            return finish(running, record, outDir);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static void publish(RunMetrics dashboard, ClusterStepMetrics m) {
        Map<String, Double> figures = m.dashboardFigures();
        if (!figures.isEmpty()) {
            dashboard.record(m.step(), figures);
        }
    }

    /**
     * Brings the run up (weight stores, replay buffer, services), records the base weights' validation accuracy as
     * step 0, then starts the rollout loops, so the first evaluation does not compete with generation.
     *
     * @return the running pieces; the caller closes them
     */
    private ClusterRun start(Anvil anvil, RunRecord record) throws IOException {
        ClusterRun running = ClusterRun.open(anvil, cfg, cluster);
        try {
            log.printf(
                    "GRPO on Anvil (%s): %s policy replicas, %d rollout threads, %d steps x %d episodes;"
                            + " services up in %.1f s%n",
                    running.address(),
                    cluster.describePolicyReplicas(),
                    cluster.rolloutThreads(),
                    cfg.steps(),
                    cfg.batchSize(),
                    running.elapsedNanos() / 1e9);
            log.println("models on: " + String.join(", ", running.services().devices()));
            progress.servicesUp(running.services().replicas());
            record.begin(evaluate(running.policy()));
            log.printf("val accuracy at start %.1f%%%n", 100 * record.initial().accuracy());
            running.startRollouts();
            return running;
        } catch (RuntimeException | Error e) {
            try {
                running.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /**
     * One training step: a batch from the replay buffer, {@code trainStep}, the new version handed to the weight
     * sync (which overlaps the next step when async), and a validation evaluation when one is due, after the newest
     * weights reached every replica.
     *
     * @return the step's metrics
     */
    private ClusterStepMetrics step(ClusterRun running, RunRecord record, int step) {
        WeightSync sync = running.sync();
        StepClock clock = new StepClock();
        long version = sync.version();
        List<Episode> batch = running.nextBatch(version);
        clock.batchDrawn();
        TrainStepResult trained = running.trainer()
                .endpoint(TrainerActor::trainStep, batch)
                .callOne()
                .join();
        clock.trained();
        sync.publishNext();
        clock.synced();
        long lag =
                version - batch.stream().mapToLong(Episode::policyVersion).min().orElse(version);
        double accuracy = Double.NaN;
        if (step % cfg.evalEvery() == 0 || step == cfg.steps()) {
            sync.await();
            EvalResult eval = evaluate(running.policy());
            record.evaluated(eval);
            accuracy = eval.accuracy();
        }
        RolloutStats.Snapshot rollouts = running.rollouts().sinceLastStep();
        return new ClusterStepMetrics(
                step,
                ClusterStepMetrics.Scores.of(batch, accuracy),
                ClusterStepMetrics.Optimization.of(trained),
                ClusterStepMetrics.Throughput.of(rollouts, clock.stepNanos()),
                clock.timings(trained.millis(), sync.lastMillis()),
                new ClusterStepMetrics.Versions(sync.version(), lag),
                ClusterStepMetrics.Rollouts.of(rollouts));
    }

    /**
     * Ends the run: waits for the last weight sync, stops the rollouts, then writes the final checkpoint, the reward
     * plot and the summary lines.
     *
     * @return the run's result
     */
    private Result finish(ClusterRun running, RunRecord record, Path outDir) throws IOException, InterruptedException {
        running.sync().await();
        running.rollouts().stopAndJoin(60);
        Path ckpt = outDir.resolve("checkpoint");
        running.saveCheckpoint(ckpt);
        List<ClusterStepMetrics> history = List.copyOf(record.history());
        Path plot = outDir.resolve("reward.png");
        boolean drawn = PlotWriter.write(
                history.stream().map(ClusterStepMetrics::asStepMetrics).toList(), plot);
        if (history.size() > 1 + WARMUP_STEPS) {
            log.print(StepTimeSummary.of(history, WARMUP_STEPS).report());
        }
        long left = running.bufferSize();
        long millis = running.elapsedNanos() / 1_000_000;
        long added = running.rollouts().episodesAdded();
        EvalResult initial = record.initial();
        EvalResult last = record.last();
        log.printf(
                "GRPO done in %.1f s: val accuracy %.1f%% -> %.1f%% (%+.1f points); episodes added %d,"
                        + " trained %d, left in buffer %d; checkpoint %s, plot %s%n",
                millis / 1000.0,
                100 * initial.accuracy(),
                100 * last.accuracy(),
                100 * (last.accuracy() - initial.accuracy()),
                added,
                running.episodesDrawn(),
                left,
                ckpt,
                drawn ? plot : "not drawn");
        return new Result(initial, last, history, ckpt, millis, added, running.episodesDrawn(), left);
    }

    private EvalResult evaluate(ServiceHandle<PolicyActor> policy) {
        return policy.endpoint(
                        PolicyActor::evaluate,
                        cfg.dataset().validation(),
                        cfg.dataset().validationLimit(),
                        cfg.maxResTokens())
                .route()
                .join();
    }
}
