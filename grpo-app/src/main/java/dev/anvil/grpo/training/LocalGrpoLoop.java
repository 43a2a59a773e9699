package dev.anvil.grpo.training;

import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Gsm8kRecord;
import dev.anvil.grpo.eval.EvalResult;
import dev.anvil.grpo.eval.Evaluator;
import dev.anvil.grpo.generation.Generator;
import dev.anvil.grpo.metrics.MetricsWriter;
import dev.anvil.grpo.metrics.PlotWriter;
import dev.anvil.grpo.metrics.StepMetrics;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.reward.CombinedReward;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * GRPO in one process, no cluster: rollouts, rewards, advantages, a replay list, trainer steps and a weight
 * copy from trainer to generator after every step. The cluster version splits these same pieces into
 * Anvil services.
 *
 * <p>Three model copies live side by side: the generator's policy, the trainer's policy and the frozen
 * reference, all loaded from the base checkpoint. Writes {@code metrics.jsonl}, {@code reward.png} and the
 * final checkpoint into {@code out_dir}.
 *
 * <pre>{@code
 * LocalGrpoLoop.Result r = new LocalGrpoLoop(cfg, System.out).run();
 * System.out.println(r.initial().accuracy() + " -> " + r.last().accuracy());
 * }</pre>
 */
public final class LocalGrpoLoop {

    private final GrpoConfig cfg;
    private final PrintStream log;

    /**
     * The outcome of a run.
     *
     * @param initial validation evaluation of the base checkpoint
     * @param last validation evaluation after the last step
     * @param history per-step metrics
     * @param checkpoint the final checkpoint directory
     * @param millis wall time of the whole run
     */
    public record Result(EvalResult initial, EvalResult last, List<StepMetrics> history, Path checkpoint, long millis) {

        /** @return mean rollout reward over the first quarter of the steps */
        public double earlyReward() {
            return meanReward(0, Math.max(1, history.size() / 4));
        }

        /** @return mean rollout reward over the last quarter of the steps */
        public double lateReward() {
            return meanReward(history.size() - Math.max(1, history.size() / 4), history.size());
        }

        private double meanReward(int from, int to) {
            return history.subList(from, to).stream()
                    .filter(m -> m.step() > 0)
                    .mapToDouble(StepMetrics::rewardMean)
                    .average()
                    .orElse(Double.NaN);
        }
    }

    /**
     * Creates the loop.
     *
     * @param cfg the configuration
     * @param log where the per-step lines go
     */
    public LocalGrpoLoop(GrpoConfig cfg, PrintStream log) {
        this.cfg = cfg;
        this.log = log;
    }

    /**
     * Runs GRPO for {@code cfg.steps()} steps.
     *
     * @return the result
     * @throws IOException if data, checkpoint or output files fail
     */
    public Result run() throws IOException {
        cfg.applyThreads();
        long runStart = System.nanoTime();
        Path base = Path.of(cfg.grpoBase());
        Path outDir = Path.of(cfg.outDir());
        Gsm8kDataset train =
                new Gsm8kDataset(Gsm8kDataset.readLocation(cfg.dataset().train()), cfg.seed() + 1L);
        List<Gsm8kRecord> validation = ValidationSplit.validation(cfg.dataset());
        Evaluator evaluator = new Evaluator(validation, cfg.maxResTokens());
        List<StepMetrics> history = new ArrayList<>();
        try (TextTokenizer tok = TextTokenizer.forModel(CheckpointLoader.readConfig(base));
                LanguageModel policy = CheckpointLoader.load(base);
                LanguageModel trainerCopy = CheckpointLoader.load(base);
                LanguageModel refCopy = CheckpointLoader.load(base);
                MetricsWriter metrics = new MetricsWriter(outDir.resolve("metrics.jsonl"))) {
            Generator generator = new Generator(policy, tok, cfg.seed());
            Generator evalGenerator = new Generator(policy, tok, cfg.seed());
            GrpoTrainer trainer = new GrpoTrainer(
                    trainerCopy, cfg.trainer().optimizer(), cfg.trainer().beta(), tok.padId());
            RolloutCollector rollouts = new RolloutCollector(
                    train, generator, new ReferenceModel(refCopy, tok.padId()), CombinedReward.mathAndFormat());
            ReplayList replay = new ReplayList(cfg.batchSize(), 0);

            EvalResult initial = evaluator.evaluate(evalGenerator);
            EvalResult last = initial;
            StepMetrics first = new StepMetrics(
                    0,
                    Double.NaN,
                    Double.NaN,
                    initial.accuracy(),
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    Double.NaN,
                    0,
                    0,
                    0,
                    0,
                    0,
                    0);
            history.add(first);
            metrics.write(first);
            log.printf(
                    "GRPO from %s: %d steps, %d prompts x %d samples per step; val accuracy at start %.1f%%%n",
                    base, cfg.steps(), cfg.promptsPerStep(), cfg.groupSize(), 100 * initial.accuracy());

            for (int step = 1; step <= cfg.steps(); step++) {
                long t0 = System.nanoTime();
                RolloutCollector.Round round = rollouts.collect(cfg.promptsPerStep(), cfg.sampling());
                round.episodes().forEach(replay::add);
                List<Episode> batch = replay.sample(trainer.version());
                TrainStepResult tr = trainer.trainStep(batch);
                long t1 = System.nanoTime();
                // Push: the generator's copy takes the new weights in place (the cluster version goes via the weight
                // store).
                policy.importWeights(trainer.exportWeights());
                generator.setVersion(trainer.version());
                long t2 = System.nanoTime();
                double acc = Double.NaN;
                if (step % cfg.evalEvery() == 0 || step == cfg.steps()) {
                    last = evaluator.evaluate(evalGenerator);
                    acc = last.accuracy();
                }
                double[] rewards = batch.stream().mapToDouble(Episode::reward).toArray();
                double mean = java.util.Arrays.stream(rewards).average().orElse(0);
                double std = Math.sqrt(java.util.Arrays.stream(rewards)
                        .map(r -> (r - mean) * (r - mean))
                        .average()
                        .orElse(0));
                StepMetrics m = new StepMetrics(
                        step,
                        mean,
                        std,
                        acc,
                        tr.loss(),
                        tr.kl(),
                        tr.gradNorm(),
                        round.generatedTokens() * 1000.0 / Math.max(1, round.generationMillis()),
                        round.generationMillis(),
                        round.referenceMillis(),
                        tr.millis(),
                        (t2 - t1) / 1_000_000,
                        (t2 - t0) / 1_000_000,
                        generator.version());
                history.add(m);
                metrics.write(m);
                log.println(m.line());
            }
            Path ckpt = outDir.resolve("checkpoint");
            Checkpoint.save(policy, ckpt);
            PlotWriter.write(history, outDir.resolve("reward.png"));
            long millis = (System.nanoTime() - runStart) / 1_000_000;
            log.printf(
                    "GRPO done in %.1f s: val accuracy %.1f%% -> %.1f%% (%+.1f points); checkpoint %s, plot %s%n",
                    millis / 1000.0,
                    100 * initial.accuracy(),
                    100 * last.accuracy(),
                    100 * (last.accuracy() - initial.accuracy()),
                    ckpt,
                    outDir.resolve("reward.png"));
            return new Result(initial, last, history, ckpt, millis);
        }
    }
}
