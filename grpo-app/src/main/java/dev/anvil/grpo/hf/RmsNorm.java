package dev.anvil.grpo.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/** Root-mean-square layer norm (Llama's): {@code x / sqrt(mean(x^2) + eps) * weight}, no mean subtraction, no bias. */
public final class RmsNorm extends AbstractBlock {

    private final Parameter weight;
    private final float eps;

    /**
     * Creates the norm.
     *
     * @param dim width of the normalised axis (the last)
     * @param eps added to the mean square before the root
     */
    public RmsNorm(int dim, double eps) {
        this.eps = (float) eps;
        this.weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.GAMMA)
                .optShape(new Shape(dim))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray meanSquare = x.square().mean(new int[] {-1}, true);
        return new NDList(x.div(meanSquare.add(eps).sqrt()).mul(w));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
