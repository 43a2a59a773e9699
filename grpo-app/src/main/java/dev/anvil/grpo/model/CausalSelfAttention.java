package dev.anvil.grpo.model;

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
 * Multi-head causal self-attention with an optional key/value cache; no dropout.
 *
 * <p>Inputs: {@code x [B, T, d]}, additive mask {@code [B, 1, T, S]} (0 where allowed, a large negative
 * number where not; {@code S} = cached + new positions), then optionally the cached keys and values
 * {@code [B, H, S - T, d/H]}. Outputs: {@code y [B, T, d]} and the full keys and values {@code [B, H, S, d/H]},
 * which become the next step's cache.
 */
public final class CausalSelfAttention extends AbstractBlock {

    private final int dModel;
    private final int numHeads;
    private final Linear qkv;
    private final Linear proj;

    /**
     * Creates the block.
     *
     * @param dModel residual width
     * @param numHeads number of heads
     */
    public CausalSelfAttention(int dModel, int numHeads) {
        this.dModel = dModel;
        this.numHeads = numHeads;
        this.qkv = addChildBlock("qkv", Linear.builder().setUnits(3L * dModel).build());
        this.proj = addChildBlock("proj", Linear.builder().setUnits(dModel).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        NDArray mask = inputs.get(1);
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long headDim = dModel / numHeads;
        // Project to queries, keys and values in one matmul: [B, T, 3d].
        NDArray packed = qkv.forward(ps, new NDList(x), training).singletonOrThrow();
        // Split heads: [B, T, 3, H, dh] -> [3, B, H, T, dh].
        NDArray heads = packed.reshape(b, t, 3, numHeads, headDim).transpose(2, 0, 3, 1, 4);
        NDArray q = heads.get(0);
        NDArray k = heads.get(1);
        NDArray v = heads.get(2);
        // Prepend cached keys/values from earlier decoding steps.
        if (inputs.size() == 4) {
            k = inputs.get(2).concat(k, 2);
            v = inputs.get(3).concat(v, 2);
        }
        // Scaled dot-product scores plus the causal/padding mask: [B, H, T, S].
        NDArray scores =
                q.matMul(k.transpose(0, 1, 3, 2)).mul(1.0 / Math.sqrt(headDim)).add(mask);
        // Attention weights (no dropout: generation and training must compute the same function).
        NDArray weights = scores.softmax(-1);
        // Weighted values, heads merged back: [B, T, d].
        NDArray merged = weights.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, dModel);
        // Output projection back into the residual stream.
        NDArray y = proj.forward(ps, new NDList(merged), training).singletonOrThrow();
        return new NDList(y, k, v);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        qkv.initialize(manager, dataType, new Shape(1, dModel));
        proj.initialize(manager, dataType, new Shape(1, dModel));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
