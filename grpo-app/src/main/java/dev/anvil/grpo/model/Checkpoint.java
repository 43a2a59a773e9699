package dev.anvil.grpo.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.hf.HfWeights;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves a model to a checkpoint directory: {@code config.json} (the {@link ModelConfig}),
 * {@code model.safetensors} (all parameters) and {@code tokenizer.json} (the tokenizer it was trained with).
 * {@link CheckpointLoader} reads it back. A model built from a Hugging Face checkpoint is saved as a Hugging Face
 * folder again (its {@code config.json} with {@code dtype} float32, its tokenizer files, float32 safetensors under the
 * checkpoint's own names), so {@code transformers} can load the result.
 *
 * <pre>{@code
 * Checkpoint.save(model, Path.of("checkpoints/warmstart"));
 * }</pre>
 */
public final class Checkpoint {

    /** Name of the model shape file. */
    public static final String CONFIG_FILE = "config.json";
    /** Name of the parameters file. */
    public static final String WEIGHTS_FILE = "model.safetensors";
    /** Name of the tokenizer file. */
    public static final String TOKENIZER_FILE = "tokenizer.json";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoint() {}

    /**
     * Writes a checkpoint, with the bundled tokenizer.
     *
     * @param model the model
     * @param dir the directory (created if missing; existing files are replaced)
     * @throws IOException if writing fails
     */
    public static void save(LanguageModel model, Path dir) throws IOException {
        if (model.config().isHf()) {
            saveHf(model, dir);
        } else {
            save(model, dir, TextTokenizer.bundledJson());
        }
    }

    /**
     * Writes a checkpoint.
     *
     * @param model the model
     * @param dir the directory (created if missing; existing files are replaced)
     * @param tokenizerJson bytes of the tokenizer the model uses
     * @throws IOException if writing fails
     */
    public static void save(LanguageModel model, Path dir, byte[] tokenizerJson) throws IOException {
        if (model.config().isHf()) {
            throw new IllegalArgumentException("a Hugging Face model keeps its own tokenizer: use save(model, dir)");
        }
        Files.createDirectories(dir);
        Map<String, long[]> shapes = model.shapes();
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        model.exportWeights()
                .forEach((name, bytes) -> tensors.put(name, new SafeTensors.Tensor(shapes.get(name), bytes)));
        // Write to temporary names and move, so a crash never leaves a half-written checkpoint behind.
        Path tmpWeights = dir.resolve(WEIGHTS_FILE + ".tmp");
        SafeTensors.write(tmpWeights, tensors);
        Path tmpConfig = dir.resolve(CONFIG_FILE + ".tmp");
        JSON.writeValue(tmpConfig.toFile(), model.config());
        Files.write(dir.resolve(TOKENIZER_FILE), tokenizerJson);
        Files.move(tmpWeights, dir.resolve(WEIGHTS_FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpConfig, dir.resolve(CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING);
    }

    /** Files of a Hugging Face folder copied along with the weights (those present). */
    private static final List<String> HF_SIDE_FILES =
            List.of(TOKENIZER_FILE, "tokenizer_config.json", "generation_config.json", "special_tokens_map.json");

    private static void saveHf(LanguageModel model, Path dir) throws IOException {
        Path source = Path.of(model.config().hfPath());
        Files.createDirectories(dir);
        boolean sameDir = Files.isSameFile(source, dir);
        ObjectNode config =
                (ObjectNode) JSON.readTree(source.resolve(CONFIG_FILE).toFile());
        config.put(config.has("torch_dtype") ? "torch_dtype" : "dtype", "float32");
        if (!sameDir) {
            for (String f : HF_SIDE_FILES) {
                if (Files.isRegularFile(source.resolve(f))) {
                    Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        Map<String, long[]> shapes = model.shapes();
        Map<String, SafeTensors.Tensor> tensors = new LinkedHashMap<>();
        model.exportWeights()
                .forEach((name, bytes) -> tensors.put(name, new SafeTensors.Tensor(shapes.get(name), bytes)));
        Path tmpWeights = dir.resolve(WEIGHTS_FILE + ".tmp");
        SafeTensors.write(tmpWeights, tensors);
        Path tmpConfig = dir.resolve(CONFIG_FILE + ".tmp");
        JSON.writeValue(tmpConfig.toFile(), config);
        // One file replaces any shards: the index would otherwise point the loader at the old weights.
        Files.deleteIfExists(dir.resolve(HfWeights.INDEX_FILE));
        Files.move(tmpWeights, dir.resolve(WEIGHTS_FILE), StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmpConfig, dir.resolve(CONFIG_FILE), StandardCopyOption.REPLACE_EXISTING);
    }
}
