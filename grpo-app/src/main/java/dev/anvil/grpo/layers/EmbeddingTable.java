package dev.anvil.grpo.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A trainable lookup table {@code [size, dim]}: ids {@code [B, T]} to vectors {@code [B, T, dim]}. Used for tokens
 * and positions; for checkpoints with tied embeddings it is the output head too ({@link #project}: hidden states
 * times the same matrix transposed), so one parameter gets both gradients.
 */
public final class EmbeddingTable extends AbstractBlock {

    private final Parameter weight;
    private final int size;
    private final int dim;

    /**
     * Creates a table.
     *
     * @param size number of rows (vocabulary size or number of positions)
     * @param dim width of each row
     */
    public EmbeddingTable(int size, int dim) {
        this.size = size;
        this.dim = dim;
        this.weight = addParameter(Parameter.builder()
                .setName("weight")
                .setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(size, dim))
                .build());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray ids = inputs.singletonOrThrow();
        NDArray w = ps.getValue(weight, ids.getDevice(), training);
        // Called on the ids' NDArrayEx so the result lives in the caller's (per-step) manager.
        return ids.getNDArrayInternal().embedding(ids, w, SparseFormat.DENSE);
    }

    /**
     * Projects hidden states onto the table's rows with the same matrix (the tied output head).
     *
     * @param ps the parameter store
     * @param hidden hidden states {@code [B, T, dim]}
     * @param training whether autograd records this
     * @return logits {@code [B, T, size]}
     */
    public NDArray project(ParameterStore ps, NDArray hidden, boolean training) {
        return hidden.matMul(ps.getValue(weight, hidden.getDevice(), training).transpose());
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(dim)};
    }

    @Override
    public String toString() {
        return "EmbeddingTable(" + size + ", " + dim + ")";
    }
}
