package dev.anvil.grpo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** The position-wise feed-forward part of a decoder block: Linear, GELU, Linear; no dropout. */
public final class Mlp extends AbstractBlock {

    private final int dModel;
    private final int hidden;
    private final Linear fc;
    private final Linear out;

    /**
     * Creates the block.
     *
     * @param dModel residual width
     * @param hidden hidden width
     */
    public Mlp(int dModel, int hidden) {
        this.dModel = dModel;
        this.hidden = hidden;
        this.fc = addChildBlock("fc", Linear.builder().setUnits(hidden).build());
        this.out = addChildBlock("out", Linear.builder().setUnits(dModel).build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        // Expand to the hidden width.
        NDArray h = fc.forward(ps, inputs, training).singletonOrThrow();
        // Non-linearity.
        h = Activation.gelu(h);
        // Project back to the residual width.
        return out.forward(ps, new NDList(h), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        fc.initialize(manager, dataType, new Shape(1, dModel));
        out.initialize(manager, dataType, new Shape(1, hidden));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
