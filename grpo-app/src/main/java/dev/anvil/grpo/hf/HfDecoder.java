package dev.anvil.grpo.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.anvil.grpo.layers.EmbeddingTable;
import java.util.ArrayList;
import java.util.List;

/**
 * A Hugging Face Llama or Qwen2 causal language model ({@code LlamaForCausalLM}, {@code Qwen2ForCausalLM}) on DJL.
 *
 * <p>Same calling convention as the project's own {@code TransformerLM}, so generation, log-probs and training use
 * either unchanged. Inputs: token ids {@code [B, T]} (int64), position ids {@code [B, T]} (int64, for the rotary
 * angles), additive attention mask {@code [B, 1, T, S]}, then optionally a key/value cache of {@code 2 * numLayers}
 * arrays. Outputs: logits {@code [B, T, vocab]} followed by the updated cache.
 *
 * <p>Child blocks are named after the checkpoint's modules ({@code model.layers.3}, {@code self_attn},
 * {@code q_proj}), so the dotted parameter names {@code LanguageModel} derives are exactly the safetensors names.
 * With tied embeddings there is no {@code lm_head}: the output head is the embedding matrix.
 */
public final class HfDecoder extends AbstractBlock {

    private final HfConfig config;
    private final EmbeddingTable embedTokens;
    private final List<HfDecoderLayer> layers = new ArrayList<>();
    private final RmsNorm norm;
    private final Linear lmHead;
    private final RotaryEmbedding rotary;

    /**
     * Creates the (uninitialised) network.
     *
     * @param config the architecture
     */
    public HfDecoder(HfConfig config) {
        this.config = config;
        this.embedTokens =
                addChildBlock("model.embed_tokens", new EmbeddingTable(config.vocabSize(), config.hiddenSize()));
        for (int i = 0; i < config.numLayers(); i++) {
            layers.add(addChildBlock("model.layers." + i, new HfDecoderLayer(config)));
        }
        this.norm = addChildBlock("model.norm", new RmsNorm(config.hiddenSize(), config.rmsNormEps()));
        this.lmHead = config.tieWordEmbeddings()
                ? null
                : addChildBlock("lm_head", SwiGluMlp.linear(config.vocabSize(), false));
        this.rotary = new RotaryEmbedding(config.headDim(), config.ropeTheta());
    }

    /** @return the architecture */
    public HfConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.get(0);
        NDList cosSin = rotary.cosSin(inputs.get(1));
        NDArray mask = inputs.get(2);
        boolean cached = inputs.size() > 3;
        NDArray x = embedTokens.forward(ps, new NDList(tokens), training).singletonOrThrow();
        NDList out = new NDList(config.numLayers() * 2 + 1);
        out.add(null);
        for (int i = 0; i < layers.size(); i++) {
            NDList layerIn = new NDList(x, mask, cosSin.get(0), cosSin.get(1));
            if (cached) {
                layerIn.add(inputs.get(3 + 2 * i));
                layerIn.add(inputs.get(4 + 2 * i));
            }
            NDList layerOut = layers.get(i).forward(ps, layerIn, training);
            x = layerOut.get(0);
            out.add(layerOut.get(1));
            out.add(layerOut.get(2));
        }
        x = norm.forward(ps, new NDList(x), training).singletonOrThrow();
        out.set(
                0,
                lmHead == null
                        ? embedTokens.project(ps, x, training)
                        : lmHead.forward(ps, new NDList(x), training).singletonOrThrow());
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape row = new Shape(1, config.hiddenSize());
        embedTokens.initialize(manager, dataType, new Shape(1, 1));
        for (HfDecoderLayer layer : layers) {
            layer.initialize(manager, dataType, row);
        }
        norm.initialize(manager, dataType, row);
        if (lmHead != null) {
            lmHead.initialize(manager, dataType, row);
        }
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.vocabSize())};
    }
}
