package dev.anvil.grpo.model;

import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.hf.HfConfig;
import dev.anvil.grpo.hf.HfWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Loads checkpoint directories: those written by {@link Checkpoint}, and Hugging Face Llama/Qwen2 folders
 * ({@code config.json} with a {@code model_type}, {@code *.safetensors} in F32, BF16 or F16, single or sharded), which
 * load as an {@link dev.anvil.grpo.hf.HfDecoder} with the checkpoint's parameter names.
 *
 * <pre>{@code
 * try (LanguageModel model = CheckpointLoader.load(Path.of("checkpoints/warmstart"))) { ... }
 * CheckpointLoader.loadInto(Path.of("checkpoints/warmstart"), existingModel);   // in place
 * }</pre>
 */
public final class CheckpointLoader {

    private CheckpointLoader() {}

    /**
     * Reads a checkpoint's model shape.
     *
     * @param dir the checkpoint directory
     * @return the shape
     * @throws IOException if {@code config.json} is missing or malformed
     */
    public static ModelConfig readConfig(Path dir) throws IOException {
        if (HfConfig.isHfCheckpoint(dir)) {
            return hfShape(dir, HfConfig.read(dir));
        }
        Path file = dir.resolve(Checkpoint.CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a checkpoint directory: no " + Checkpoint.CONFIG_FILE + " [dir=" + dir + "]");
        }
        return Checkpoint.JSON.readValue(file.toFile(), ModelConfig.class);
    }

    /**
     * The shape of a Hugging Face checkpoint: its sizes, its context length, and the folder (absolute, so workers with
     * another working directory find it too).
     */
    private static ModelConfig hfShape(Path dir, HfConfig hf) {
        return new ModelConfig(
                hf.vocabSize(),
                hf.hiddenSize(),
                hf.numLayers(),
                hf.numHeads(),
                hf.intermediateSize(),
                hf.maxPositionEmbeddings(),
                dir.toAbsolutePath().normalize().toString());
    }

    /**
     * Creates a model of the checkpoint's shape and loads its weights.
     *
     * @param dir the checkpoint directory
     * @return the model (caller closes it)
     * @throws IOException if the checkpoint is missing, malformed or does not match its config
     */
    public static LanguageModel load(Path dir) throws IOException {
        LanguageModel model = LanguageModel.create(readConfig(dir), 0);
        try {
            loadInto(dir, model);
            return model;
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * Loads a checkpoint's weights into an existing model of the same shape, in place.
     *
     * @param dir the checkpoint directory
     * @param model the model
     * @throws IOException if the files are missing, or a tensor is missing or has another shape
     */
    public static void loadInto(Path dir, LanguageModel model) throws IOException {
        if (HfConfig.isHfCheckpoint(dir)) {
            loadHfInto(dir, model);
            return;
        }
        Map<String, SafeTensors.Tensor> tensors = SafeTensors.read(dir.resolve(Checkpoint.WEIGHTS_FILE));
        Map<String, byte[]> bytes = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : model.shapes().entrySet()) {
            SafeTensors.Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new IOException("checkpoint lacks a parameter [name=" + e.getKey() + ", dir=" + dir + "]");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IOException("checkpoint shape mismatch [name=" + e.getKey() + ", expected="
                        + Arrays.toString(e.getValue()) + ", actual=" + Arrays.toString(t.shape()) + "]");
            }
            bytes.put(e.getKey(), t.data());
        }
        model.importWeights(bytes);
    }

    private static void loadHfInto(Path dir, LanguageModel model) throws IOException {
        Map<String, HfWeights.Tensor> tensors = HfWeights.read(dir);
        Map<String, float[]> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : model.shapes().entrySet()) {
            HfWeights.Tensor t = tensors.get(e.getKey());
            if (t == null) {
                throw new IOException(
                        "Hugging Face checkpoint lacks a tensor [name=" + e.getKey() + ", dir=" + dir + "]");
            }
            if (!Arrays.equals(t.shape(), e.getValue())) {
                throw new IOException("Hugging Face checkpoint shape mismatch [name=" + e.getKey() + ", expected="
                        + Arrays.toString(e.getValue()) + ", actual=" + Arrays.toString(t.shape()) + ", dir=" + dir
                        + "]");
            }
            values.put(e.getKey(), t.values());
        }
        // A tied checkpoint may still carry lm_head.weight (a copy of the embedding): extra tensors are ignored.
        model.importArrays(values);
    }
}
