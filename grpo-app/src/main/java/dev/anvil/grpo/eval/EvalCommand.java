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
        List<Gsm8kRecord> records = Gsm8kDataset.readLocation(data);
        Path tokFile = checkpoint.resolve(Checkpoint.TOKENIZER_FILE);
        try (TextTokenizer tok = Files.exists(tokFile) ? TextTokenizer.load(tokFile) : TextTokenizer.bundled();
                LanguageModel model = CheckpointLoader.load(checkpoint)) {
            return new Evaluator(records, maxTokens).evaluate(new Generator(model, tok, 0));
        }
    }
}
