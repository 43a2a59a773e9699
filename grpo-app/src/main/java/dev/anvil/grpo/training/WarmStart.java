package dev.anvil.grpo.training;

import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Gsm8kRecord;
import dev.anvil.grpo.data.PromptFormat;
import dev.anvil.grpo.data.Sample;
import dev.anvil.grpo.eval.EvalResult;
import dev.anvil.grpo.eval.Evaluator;
import dev.anvil.grpo.eval.PassAtK;
import dev.anvil.grpo.generation.Generator;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The supervised warm start: trains a fresh model on the training split for a deliberately short number
 * of steps, saves it as the base checkpoint and reports its validation accuracy (the test split is left to the end of
 * the run, see {@code dev.anvil.grpo.eval.FinalReport}).
 *
 * <pre>{@code
 * WarmStart.Result r = new WarmStart(cfg, System.out).run();
 * }</pre>
 */
public final class WarmStart {

    private final GrpoConfig cfg;
    private final PrintStream log;

    /**
     * The outcome.
     *
     * @param checkpoint where the checkpoint was written
     * @param validation validation evaluation of the checkpoint
     * @param finalLoss loss of the last step
     * @param trainMillis wall time of the training steps
     */
    public record Result(Path checkpoint, EvalResult validation, double finalLoss, long trainMillis) {}

    /**
     * Creates the command.
     *
     * @param cfg the configuration ({@code model}, {@code warm_start}, {@code dataset}, {@code seed})
     * @param log where progress lines go
     */
    public WarmStart(GrpoConfig cfg, PrintStream log) {
        this.cfg = cfg;
        this.log = log;
    }

    /**
     * Trains, saves and evaluates.
     *
     * @return the result
     * @throws IOException if data cannot be read or the checkpoint cannot be written
     */
    public Result run() throws IOException {
        cfg.applyThreads();
        var ws = cfg.warmStart();
        Gsm8kDataset train =
                new Gsm8kDataset(Gsm8kDataset.readLocation(cfg.dataset().train()), cfg.seed());
        List<Gsm8kRecord> validation = ValidationSplit.validation(cfg.dataset());
        Path out = Path.of(ws.out());
        // With model.hf_path the warm start fine-tunes that checkpoint (and writes a Hugging Face folder); otherwise
        // it trains the small transformer from scratch.
        try (LanguageModel model = cfg.model().isHf()
                        ? CheckpointLoader.load(Path.of(cfg.model().hfPath()))
                        : LanguageModel.create(cfg.model(), cfg.seed());
                TextTokenizer tok = TextTokenizer.forModel(model.config())) {
            log.printf(
                    "warm start: %d parameters, %d steps x %d examples, %.0f%% of targets tagged%n",
                    model.parameterCount(), ws.steps(), ws.batchSize(), 100 * ws.taggedShare());
            SftTrainer sft = new SftTrainer(model, ws.optimizer(), tok.padId());
            // Which targets carry the answer tags is drawn from its own seeded stream, so it never shifts data order.
            java.util.Random tagDraw = new java.util.Random(cfg.seed() * 31L + 7);
            double tagged = ws.taggedShare();
            long start = System.nanoTime();
            TrainStepResult last = null;
            for (int step = 1; step <= ws.steps(); step++) {
                List<int[]> prompts = new ArrayList<>();
                List<int[]> responses = new ArrayList<>();
                for (int i = 0; i < ws.batchSize(); i++) {
                    Sample s = train.sample();
                    prompts.add(tok.encodePrompt(s.request()));
                    String target = tagDraw.nextDouble() < tagged ? PromptFormat.response(s.target()) : s.target();
                    responses.add(withEos(tok.encode(target), tok.eosId()));
                }
                last = sft.trainStep(prompts, responses);
                if (ws.curveEvery() > 0 && step % ws.curveEvery() == 0 && step < ws.steps()) {
                    EvalResult e = new Evaluator(validation, cfg.maxResTokens())
                            .evaluate(new Generator(model, tok, cfg.seed()));
                    log.printf(
                            "warm start step %4d  val accuracy %.1f%% (number anywhere %.1f%%), format %.1f%%%n",
                            step, 100 * e.accuracy(), 100 * e.anywhereAccuracy(), 100 * e.formatRate());
                }
                if (step % 25 == 0 || step == ws.steps()) {
                    log.printf(
                            "warm start step %4d  loss %.4f  grad_norm %.3f  %d ms/step%n",
                            step, last.loss(), last.gradNorm(), last.millis());
                }
            }
            long trainMillis = (System.nanoTime() - start) / 1_000_000;
            Checkpoint.save(model, out);
            Evaluator evaluator = new Evaluator(validation, cfg.maxResTokens());
            EvalResult eval = evaluator.evaluate(new Generator(model, tok, cfg.seed()));
            log.printf(
                    "warm start done in %.1f s: val accuracy %.1f%% (%d/%d; number anywhere %.1f%%), format %.1f%% -> %s%n",
                    trainMillis / 1000.0,
                    100 * eval.accuracy(),
                    eval.correct(),
                    eval.total(),
                    100 * eval.anywhereAccuracy(),
                    100 * eval.formatRate(),
                    out);
            if (ws.reportPassAtK()) {
                PassAtK pass = evaluator.passAtK(
                        new Generator(model, tok, cfg.seed()),
                        cfg.groupSize(),
                        cfg.policy().temperature());
                log.printf(
                        "warm start val pass@%d (temperature %.1f): %.1f%% (number anywhere %.1f%%)%n",
                        pass.k(), pass.temperature(), 100 * pass.rate(), 100 * pass.anywhereRate());
            }
            return new Result(out, eval, last == null ? Double.NaN : last.loss(), trainMillis);
        }
    }

    private static int[] withEos(int[] ids, int eos) {
        int[] out = java.util.Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = eos;
        return out;
    }
}
