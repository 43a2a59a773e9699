package dev.anvil.grpo.eval;

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
import java.util.List;

/**
 * Evaluates a checkpoint directory on a GSM8K-format file with greedy decoding, using the checkpoint's own
 * {@code tokenizer.json}. Anyone can rerun it on any checkpoint.
 *
 * <pre>{@code
 * EvalResult r = EvalCommand.evaluate(Path.of("run/grpo/checkpoint"), "classpath:data/arith_heldout.jsonl", 8);
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
        List<Gsm8kRecord> records = Gsm8kDataset.readLocation(data);
        Path tokFile = checkpoint.resolve(Checkpoint.TOKENIZER_FILE);
        try (LanguageModel model = CheckpointLoader.load(checkpoint);
                TextTokenizer tok = model.config().isHf()
                        ? TextTokenizer.forModel(model.config())
                        : Files.exists(tokFile) ? TextTokenizer.load(tokFile) : TextTokenizer.bundled()) {
            Evaluator evaluator = new Evaluator(records, maxTokens);
            EvalResult greedy = evaluator.evaluate(new Generator(model, tok, 0));
            return new Report(greedy, k > 0 ? evaluator.passAtK(new Generator(model, tok, 0), k, temperature) : null);
        }
    }
}
