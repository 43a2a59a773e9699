package dev.anvil.grpo.eval;

import dev.anvil.grpo.config.DatasetConfig;
import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Gsm8kRecord;
import dev.anvil.grpo.generation.Generator;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates a checkpoint directory on GSM8K-format files with greedy decoding, using the checkpoint's own
 * {@code tokenizer.json}. Anyone can rerun it on any checkpoint; {@code bin/grpo eval} reports the validation and the
 * test split, each labelled.
 *
 * <pre>{@code
 * EvalResult r = EvalCommand.evaluate(Path.of("run/grpo/checkpoint"), "classpath:data/arith_validation.jsonl", 8);
 * List<SplitResult> both = EvalCommand.evaluate(checkpoint, EvalCommand.SplitSpec.of(cfg.dataset()), 8, 0, 1.0);
 * }</pre>
 */
public final class EvalCommand {

    private EvalCommand() {}

    /**
     * Loads a checkpoint and evaluates it.
     *
     * @param checkpoint the checkpoint directory
     * @param data JSONL path or {@code classpath:} location
     * @param maxTokens response token budget
     * @return the accuracy
     * @throws IOException if the checkpoint or data cannot be read
     */
    public static EvalResult evaluate(Path checkpoint, String data, int maxTokens) throws IOException {
        return evaluate(checkpoint, data, maxTokens, 0, 1.0).greedy();
    }

    /**
     * Greedy accuracy and, optionally, sampled pass@k of a checkpoint.
     *
     * @param greedy greedy-decoding accuracy
     * @param passAtK sampled pass@k, or null when not asked for
     */
    public record Report(EvalResult greedy, PassAtK passAtK) {}

    /**
     * A split to evaluate on.
     *
     * @param label how the results are labelled ({@link SplitResult#VALIDATION}, {@link SplitResult#TEST}, ...)
     * @param location JSONL path or {@code classpath:} location
     * @param limit evaluate at most this many problems (0 = all)
     */
    public record SplitSpec(String label, String location, int limit) {

        /**
         * The validation split (with its limit) and, when configured, the whole test split, in that order.
         *
         * @param ds the dataset config
         * @return one or two splits
         */
        public static List<SplitSpec> of(DatasetConfig ds) {
            List<SplitSpec> out = new ArrayList<>();
            out.add(new SplitSpec(SplitResult.VALIDATION, ds.validation(), ds.validationLimit()));
            if (ds.hasTest()) {
                out.add(new SplitSpec(SplitResult.TEST, ds.test(), 0));
            }
            return out;
        }
    }

    /**
     * Loads a checkpoint once and evaluates it on each split, greedily and, if {@code k > 0}, with pass@k (seed 0).
     *
     * @param checkpoint the checkpoint directory
     * @param splits the splits, in the order of the results
     * @param maxTokens response token budget
     * @param k samples per problem for pass@k, 0 to skip it
     * @param temperature sampling temperature for pass@k
     * @return one labelled result per split
     * @throws IOException if the checkpoint or a split cannot be read
     */
    public static List<SplitResult> evaluate(
            Path checkpoint, List<SplitSpec> splits, int maxTokens, int k, double temperature) throws IOException {
        List<List<Gsm8kRecord>> data = new ArrayList<>();
        for (SplitSpec s : splits) {
            List<Gsm8kRecord> records = Gsm8kDataset.readLocation(s.location());
            data.add(s.limit() > 0 && s.limit() < records.size() ? records.subList(0, s.limit()) : records);
        }
        Path tokFile = checkpoint.resolve(Checkpoint.TOKENIZER_FILE);
        try (LanguageModel model = CheckpointLoader.load(checkpoint);
                TextTokenizer tok = model.config().isHf()
                        ? TextTokenizer.forModel(model.config())
                        : Files.exists(tokFile) ? TextTokenizer.load(tokFile) : TextTokenizer.bundled()) {
            List<SplitResult> out = new ArrayList<>();
            for (int i = 0; i < splits.size(); i++) {
                Evaluator evaluator = new Evaluator(data.get(i), maxTokens);
                EvalResult greedy = evaluator.evaluate(new Generator(model, tok, 0));
                PassAtK pass = k > 0 ? evaluator.passAtK(new Generator(model, tok, 0), k, temperature) : null;
                out.add(new SplitResult(splits.get(i).label(), splits.get(i).location(), greedy, pass));
            }
            return out;
        }
    }

    /**
     * Loads a checkpoint and evaluates it greedily and, if {@code k > 0}, with pass@k (seed 0).
     *
     * @param checkpoint the checkpoint directory
     * @param data JSONL path or {@code classpath:} location
     * @param maxTokens response token budget
     * @param k samples per problem for pass@k, 0 to skip it
     * @param temperature sampling temperature for pass@k
     * @return the report
     * @throws IOException if the checkpoint or data cannot be read
     */
    public static Report evaluate(Path checkpoint, String data, int maxTokens, int k, double temperature)
            throws IOException {
        SplitResult r = evaluate(
                        checkpoint, List.of(new SplitSpec(SplitResult.DATA, data, 0)), maxTokens, k, temperature)
                .get(0);
        return new Report(r.greedy(), r.passAtK());
    }
}
