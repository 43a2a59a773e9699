package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Shape of the decoder-only transformer; saved as {@code config.json} in every checkpoint.
 *
 * @param vocabSize number of token ids
 * @param dModel width of the residual stream
 * @param numLayers number of decoder blocks
 * @param numHeads attention heads per block ({@code dModel} must divide evenly)
 * @param mlpHidden hidden width of each block's MLP
 * @param maxSeqLen longest prompt plus response, in tokens (size of the position table)
 * @param hfPath a Hugging Face Llama/Qwen2 checkpoint folder ({@code config.json}, {@code *.safetensors},
 *     {@code tokenizer.json}) to use instead of the small transformer; its own config then gives the shape, and every
 *     process that builds the model (policy, reference and trainer workers) reads the folder at this path; null for
 *     the small transformer
 */
public record ModelConfig(
        @JsonProperty("vocab_size") int vocabSize,
        @JsonProperty("d_model") int dModel,
        @JsonProperty("num_layers") int numLayers,
        @JsonProperty("num_heads") int numHeads,
        @JsonProperty("mlp_hidden") int mlpHidden,
        @JsonProperty("max_seq_len") int maxSeqLen,

        @JsonProperty("hf_path") @JsonInclude(JsonInclude.Include.NON_NULL)
        String hfPath) {

    /** Validates the shape. */
    public ModelConfig {
        if (vocabSize <= 0 || dModel <= 0 || numLayers <= 0 || numHeads <= 0 || mlpHidden <= 0 || maxSeqLen <= 0) {
            throw new IllegalArgumentException("model sizes must be positive ["
                    + describe(vocabSize, dModel, numLayers, numHeads, mlpHidden, maxSeqLen) + "]");
        }
        // Hugging Face configs may set head_dim independently of hidden_size / num_attention_heads.
        if (hfPath == null && dModel % numHeads != 0) {
            throw new IllegalArgumentException(
                    "d_model must be a multiple of num_heads [d_model=" + dModel + ", num_heads=" + numHeads + "]");
        }
    }

    /**
     * The small transformer's shape.
     *
     * @param vocabSize number of token ids
     * @param dModel width of the residual stream
     * @param numLayers number of decoder blocks
     * @param numHeads attention heads per block
     * @param mlpHidden hidden width of each block's MLP
     * @param maxSeqLen longest prompt plus response
     */
    public ModelConfig(int vocabSize, int dModel, int numLayers, int numHeads, int mlpHidden, int maxSeqLen) {
        this(vocabSize, dModel, numLayers, numHeads, mlpHidden, maxSeqLen, null);
    }

    /** @return whether this is a Hugging Face checkpoint's decoder rather than the small transformer */
    @JsonIgnore // derived from hf_path; not a key of its own in config.json or YAML
    public boolean isHf() {
        return hfPath != null;
    }

    /** @return the width of one attention head */
    public int headDim() {
        return dModel / numHeads;
    }

    private static String describe(int v, int d, int l, int h, int m, int s) {
        return "vocab_size=" + v + ", d_model=" + d + ", num_layers=" + l + ", num_heads=" + h + ", mlp_hidden=" + m
                + ", max_seq_len=" + s;
    }
}
