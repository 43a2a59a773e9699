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

/**
 * Causal self-attention with rotary positions and grouped-query attention: {@code numHeads} query heads share
 * {@code numKvHeads} key/value heads, query head {@code h} reading key/value head {@code h / (numHeads / numKvHeads)}
 * (transformers' {@code repeat_kv}). Keys and values are cached with {@code numKvHeads} heads, after the rotation.
 *
 * <p>Inputs: {@code x [B, T, hidden]}, additive mask {@code [B, 1, T, S]}, rotary cos and sin
 * {@code [B, 1, T, headDim]}, then optionally cached keys and values {@code [B, numKvHeads, S - T, headDim]}.
 * Outputs: {@code y [B, T, hidden]} and the full keys and values {@code [B, numKvHeads, S, headDim]}.
 */
public final class GroupedQueryAttention extends AbstractBlock {

    private final int hidden;
    private final int numHeads;
    private final int numKvHeads;
    private final int headDim;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;

    /**
     * Creates the block.
     *
     * @param config the architecture
     */
    public GroupedQueryAttention(HfConfig config) {
        this.hidden = config.hiddenSize();
        this.numHeads = config.numHeads();
        this.numKvHeads = config.numKvHeads();
        this.headDim = config.headDim();
        this.q = addChildBlock("q_proj", SwiGluMlp.linear((long) numHeads * headDim, config.qkvBias()));
        this.k = addChildBlock("k_proj", SwiGluMlp.linear((long) numKvHeads * headDim, config.qkvBias()));
        this.v = addChildBlock("v_proj", SwiGluMlp.linear((long) numKvHeads * headDim, config.qkvBias()));
        this.o = addChildBlock("o_proj", SwiGluMlp.linear(hidden, config.outputBias()));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        NDArray cos = inputs.get(2);
        NDArray sin = inputs.get(3);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        NDList in = new NDList(x);
        // Project and split heads: [B, T, heads * dh] -> [B, heads, T, dh]; rotate queries and keys by position.
        NDArray queries = RotaryEmbedding.apply(heads(q.forward(ps, in, training), b, t, numHeads), cos, sin);
        NDArray keys = RotaryEmbedding.apply(heads(k.forward(ps, in, training), b, t, numKvHeads), cos, sin);
        NDArray values = heads(v.forward(ps, in, training), b, t, numKvHeads);
        if (inputs.size() == 6) {
            keys = inputs.get(4).concat(keys, 2);
            values = inputs.get(5).concat(values, 2);
        }
        // Group the query heads under the key/value head they share and broadcast instead of copying keys:
        // queries [B, kv, g, T, dh] against keys [B, kv, 1, S, dh].
        int group = numHeads / numKvHeads;
        NDArray grouped = queries.reshape(b, numKvHeads, group, t, headDim);
        NDArray scores = grouped.matMul(keys.expandDims(2).transpose(0, 1, 2, 4, 3))
                .mul(1.0 / Math.sqrt(headDim))
                .add(mask.expandDims(2));
        NDArray attended = scores.softmax(-1).matMul(values.expandDims(2));
        // Merge heads back: [B, kv, g, T, dh] -> [B, T, heads * dh].
        NDArray merged = attended.reshape(b, numHeads, t, headDim)
                .transpose(0, 2, 1, 3)
                .reshape(b, t, (long) numHeads * headDim);
        NDArray y = o.forward(ps, new NDList(merged), training).singletonOrThrow();
        return new NDList(y, keys, values);
    }

    private static NDArray heads(NDList projected, long b, long t, int count) {
        return projected.singletonOrThrow().reshape(b, t, count, -1).transpose(0, 2, 1, 3);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape row = new Shape(1, hidden);
        q.initialize(manager, dataType, row);
        k.initialize(manager, dataType, row);
        v.initialize(manager, dataType, row);
        o.initialize(manager, dataType, new Shape(1, (long) numHeads * headDim));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
