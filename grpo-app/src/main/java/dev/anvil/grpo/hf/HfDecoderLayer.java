package dev.anvil.grpo.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-norm decoder layer: {@code h = x + attn(rmsnorm(x))}, then {@code h + mlp(rmsnorm(h))}.
 *
 * <p>Inputs as {@link GroupedQueryAttention}'s; outputs the new hidden states and the layer's keys and values.
 */
public final class HfDecoderLayer extends AbstractBlock {

    private final int hidden;
    private final RmsNorm inputNorm;
    private final GroupedQueryAttention attention;
    private final RmsNorm postAttentionNorm;
    private final SwiGluMlp mlp;

    /**
     * Creates the layer.
     *
     * @param config the architecture
     */
    public HfDecoderLayer(HfConfig config) {
        this.hidden = config.hiddenSize();
        this.inputNorm = addChildBlock("input_layernorm", new RmsNorm(hidden, config.rmsNormEps()));
        this.attention = addChildBlock("self_attn", new GroupedQueryAttention(config));
        this.postAttentionNorm = addChildBlock("post_attention_layernorm", new RmsNorm(hidden, config.rmsNormEps()));
        this.mlp = addChildBlock("mlp", new SwiGluMlp(config));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDList attnIn =
                new NDList(inputNorm.forward(ps, new NDList(x), training).singletonOrThrow());
        attnIn.addAll(inputs.subNDList(1));
        NDList attnOut = attention.forward(ps, attnIn, training);
        NDArray h = x.add(attnOut.get(0));
        NDArray normed = postAttentionNorm.forward(ps, new NDList(h), training).singletonOrThrow();
        NDArray out = h.add(mlp.forward(ps, new NDList(normed), training).singletonOrThrow());
        return new NDList(out, attnOut.get(1), attnOut.get(2));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape row = new Shape(1, hidden);
        inputNorm.initialize(manager, dataType, row);
        attention.initialize(manager, dataType, row);
        postAttentionNorm.initialize(manager, dataType, row);
        mlp.initialize(manager, dataType, row);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
