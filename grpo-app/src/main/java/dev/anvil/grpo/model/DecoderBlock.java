package dev.anvil.grpo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * One pre-LayerNorm decoder block: {@code x + attn(ln1(x))}, then {@code x + mlp(ln2(x))}.
 *
 * <p>Inputs and outputs follow {@link CausalSelfAttention}: {@code (x, mask[, k, v])} in,
 * {@code (x, k, v)} out.
 */
public final class DecoderBlock extends AbstractBlock {

    private final int dModel;
    private final LayerNorm ln1;
    private final CausalSelfAttention attn;
    private final LayerNorm ln2;
    private final Mlp mlp;

    /**
     * Creates the block.
     *
     * @param dModel residual width
     * @param numHeads attention heads
     * @param mlpHidden MLP hidden width
     */
    public DecoderBlock(int dModel, int numHeads, int mlpHidden) {
        this.dModel = dModel;
        this.ln1 = addChildBlock("ln1", LayerNorm.builder().build());
        this.attn = addChildBlock("attn", new CausalSelfAttention(dModel, numHeads));
        this.ln2 = addChildBlock("ln2", LayerNorm.builder().build());
        this.mlp = addChildBlock("mlp", new Mlp(dModel, mlpHidden));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        // Normalise before attention (pre-LN keeps the residual path an identity at init).
        NDArray normed = ln1.forward(ps, new NDList(x), training).singletonOrThrow();
        // Attend, passing the mask and any cached keys/values through.
        NDList attnIn = new NDList(normed);
        attnIn.addAll(inputs.subNDList(1));
        NDList attnOut = attn.forward(ps, attnIn, training);
        // First residual connection.
        x = x.add(attnOut.get(0));
        // Normalise, MLP, second residual connection.
        NDArray mlpOut = mlp.forward(ps, ln2.forward(ps, new NDList(x), training), training)
                .singletonOrThrow();
        x = x.add(mlpOut);
        return new NDList(x, attnOut.get(1), attnOut.get(2));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape row = new Shape(1, dModel);
        ln1.initialize(manager, dataType, row);
        attn.initialize(manager, dataType, row);
        ln2.initialize(manager, dataType, row);
        mlp.initialize(manager, dataType, row);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
