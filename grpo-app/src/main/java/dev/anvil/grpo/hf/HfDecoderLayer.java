package dev.anvil.grpo.hf;

import dev.anvil.grpo.layers.PreNormDecoderLayer;

/**
 * One Llama/Qwen2 decoder layer: {@code h = x + attn(rmsnorm(x))}, then {@code h + mlp(rmsnorm(h))}, wired by
 * {@link PreNormDecoderLayer}.
 *
 * <p>Inputs as {@link GroupedQueryAttention}'s; outputs the new hidden states and the layer's keys and values. Its
 * parts are named after the checkpoint's modules ({@code input_layernorm}, {@code self_attn},
 * {@code post_attention_layernorm}, {@code mlp}).
 */
public final class HfDecoderLayer extends PreNormDecoderLayer {

    /**
     * Creates the layer.
     *
     * @param config the architecture
     */
    public HfDecoderLayer(HfConfig config) {
        super(
                config.hiddenSize(),
                new Part("input_layernorm", new RmsNorm(config.hiddenSize(), config.rmsNormEps())),
                new Part("self_attn", new GroupedQueryAttention(config)),
                new Part("post_attention_layernorm", new RmsNorm(config.hiddenSize(), config.rmsNormEps())),
                new Part("mlp", new SwiGluMlp(config)));
    }
}
