package dev.anvil.grpo.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The architecture of a Hugging Face Llama or Qwen2 checkpoint, read from its {@code config.json}.
 *
 * <p>Reads both spellings of the rotary base: {@code rope_theta} at the top level (transformers 4.x and most
 * published checkpoints) and {@code rope_parameters.rope_theta} (transformers 5). Only the default rotary type is
 * implemented; a checkpoint asking for scaled rotary embeddings (Llama 3.1's {@code llama3}, YaRN, ...) is refused
 * with an error rather than run with the wrong positions.
 *
 * @param modelType {@code llama} or {@code qwen2}
 * @param vocabSize rows of the embedding and of the output head
 * @param hiddenSize width of the residual stream
 * @param intermediateSize hidden width of the SwiGLU MLP
 * @param numLayers decoder layers
 * @param numHeads query heads
 * @param numKvHeads key/value heads (fewer than {@code numHeads}: grouped-query attention)
 * @param headDim width of one head
 * @param ropeTheta rotary base
 * @param rmsNormEps RMSNorm epsilon
 * @param tieWordEmbeddings whether the output head reuses the embedding matrix
 * @param qkvBias whether the query/key/value projections have biases (always for Qwen2)
 * @param outputBias whether the attention output projection has a bias
 * @param mlpBias whether the MLP projections have biases
 * @param maxPositionEmbeddings longest context the checkpoint was trained for
 */
public record HfConfig(
        String modelType,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double ropeTheta,
        double rmsNormEps,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        int maxPositionEmbeddings) {

    /** Name of the architecture file in a checkpoint folder. */
    public static final String FILE = "config.json";

    private static final Set<String> TYPES = Set.of("llama", "qwen2");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Checks the shape. */
    public HfConfig {
        if (vocabSize <= 0
                || hiddenSize <= 0
                || intermediateSize <= 0
                || numLayers <= 0
                || numHeads <= 0
                || numKvHeads <= 0
                || headDim <= 0) {
            throw new IllegalArgumentException("Hugging Face config sizes must be positive [vocab_size=" + vocabSize
                    + ", hidden_size=" + hiddenSize + ", intermediate_size=" + intermediateSize
                    + ", num_hidden_layers=" + numLayers + ", num_attention_heads=" + numHeads
                    + ", num_key_value_heads=" + numKvHeads + ", head_dim=" + headDim + "]");
        }
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads must be a multiple of num_key_value_heads"
                    + " [num_attention_heads=" + numHeads + ", num_key_value_heads=" + numKvHeads + "]");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("rotary embeddings need an even head_dim [head_dim=" + headDim + "]");
        }
    }

    /**
     * Whether a folder holds a Hugging Face checkpoint (its {@code config.json} names a {@code model_type}).
     *
     * @param dir the folder
     * @return true for a Hugging Face folder, false for anything else (including Anvil's own checkpoints)
     */
    public static boolean isHfCheckpoint(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            return JSON.readTree(file.toFile()).hasNonNull("model_type");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Reads a checkpoint folder's {@code config.json}.
     *
     * @param dir the checkpoint folder
     * @return the architecture
     * @throws IOException if the file is missing, malformed, or describes an architecture this decoder does not run
     */
    public static HfConfig read(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new IOException("not a Hugging Face checkpoint folder: no " + FILE + " [dir=" + dir + "]");
        }
        JsonNode c = JSON.readTree(file.toFile());
        String type = c.path("model_type").asText("");
        if (!TYPES.contains(type)) {
            throw new IOException("unsupported model_type: only llama and qwen2 decoders are implemented [model_type="
                    + type + ", file=" + file + "]");
        }
        String act = c.path("hidden_act").asText("silu");
        if (!act.equals("silu")) {
            throw new IOException("unsupported hidden_act: the MLP is SwiGLU [hidden_act=" + act + "]");
        }
        JsonNode rope = c.path("rope_parameters").isObject() ? c.path("rope_parameters") : c.path("rope_scaling");
        String ropeType = rope.path("rope_type").asText(rope.path("type").asText("default"));
        if (!ropeType.equals("default")) {
            throw new IOException(
                    "unsupported rotary scaling: only the default rotary embedding is implemented [rope_type="
                            + ropeType + ", file=" + file + "]");
        }
        if (c.path("use_sliding_window").asBoolean(false)) {
            throw new IOException("unsupported sliding-window attention: every layer attends to the whole context"
                    + " [use_sliding_window=true, file=" + file + "]");
        }
        double theta = c.has("rope_theta")
                ? c.path("rope_theta").asDouble()
                : c.path("rope_parameters").path("rope_theta").asDouble(10000.0);
        int hidden = c.path("hidden_size").asInt();
        int heads = c.path("num_attention_heads").asInt();
        int headDim = c.hasNonNull("head_dim") ? c.path("head_dim").asInt() : heads > 0 ? hidden / heads : 0;
        boolean qwen = type.equals("qwen2");
        boolean attentionBias = c.path("attention_bias").asBoolean(false);
        return new HfConfig(
                type,
                c.path("vocab_size").asInt(),
                hidden,
                c.path("intermediate_size").asInt(),
                c.path("num_hidden_layers").asInt(),
                heads,
                c.path("num_key_value_heads").asInt(heads),
                headDim,
                theta,
                c.path("rms_norm_eps").asDouble(1e-6),
                c.path("tie_word_embeddings").asBoolean(false),
                qwen || attentionBias,
                !qwen && attentionBias,
                !qwen && c.path("mlp_bias").asBoolean(false),
                c.path("max_position_embeddings").asInt(2048));
    }
}
