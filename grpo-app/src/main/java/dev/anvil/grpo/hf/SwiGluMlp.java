package dev.anvil.grpo.hf;

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

/** Llama's gated MLP: {@code down_proj(silu(gate_proj(x)) * up_proj(x))}. */
public final class SwiGluMlp extends AbstractBlock {

    private final int hidden;
    private final int intermediate;
    private final Linear gate;
    private final Linear up;
    private final Linear down;

    /**
     * Creates the MLP.
     *
     * @param config the architecture
     */
    public SwiGluMlp(HfConfig config) {
        this.hidden = config.hiddenSize();
        this.intermediate = config.intermediateSize();
        this.gate = addChildBlock("gate_proj", linear(intermediate, config.mlpBias()));
        this.up = addChildBlock("up_proj", linear(intermediate, config.mlpBias()));
        this.down = addChildBlock("down_proj", linear(hidden, config.mlpBias()));
    }

    static Linear linear(long units, boolean bias) {
        return Linear.builder().setUnits(units).optBias(bias).build();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray g = gate.forward(ps, inputs, training).singletonOrThrow();
        NDArray u = up.forward(ps, inputs, training).singletonOrThrow();
        NDArray silu = g.mul(Activation.sigmoid(g));
        return down.forward(ps, new NDList(silu.mul(u)), training);
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        gate.initialize(manager, dataType, new Shape(1, hidden));
        up.initialize(manager, dataType, new Shape(1, hidden));
        down.initialize(manager, dataType, new Shape(1, intermediate));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
