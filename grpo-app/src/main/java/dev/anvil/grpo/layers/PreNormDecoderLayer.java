package dev.anvil.grpo.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The wiring of a pre-norm decoder layer: {@code h = x + attention(norm1(x))}, then {@code h + mlp(norm2(h))}.
 *
 * <p>Subclasses choose the four parts and their names (the names become parameter names, so they are the
 * checkpoint's). The attention block takes {@code (x, ...)} and returns {@code (x, k, v)}; whatever follows
 * {@code x} in this layer's inputs (mask, rotary angles, cached keys and values) is passed to it unchanged, and this
 * layer returns {@code (h, k, v)}.
 */
public abstract class PreNormDecoderLayer extends AbstractBlock {

    private final int width;
    private final Block attentionNorm;
    private final Block attention;
    private final Block mlpNorm;
    private final Block mlp;

    /**
     * A child block and the name it is registered under.
     *
     * @param name the child's name (a segment of its parameters' names)
     * @param block the block
     */
    public record Part(String name, Block block) {}

    /**
     * Registers the four parts as children, in this order.
     *
     * @param width residual width
     * @param attentionNorm the norm before attention
     * @param attention the attention block
     * @param mlpNorm the norm before the MLP
     * @param mlp the MLP
     */
    protected PreNormDecoderLayer(int width, Part attentionNorm, Part attention, Part mlpNorm, Part mlp) {
        this.width = width;
        this.attentionNorm = addChildBlock(attentionNorm.name(), attentionNorm.block());
        this.attention = addChildBlock(attention.name(), attention.block());
        this.mlpNorm = addChildBlock(mlpNorm.name(), mlpNorm.block());
        this.mlp = addChildBlock(mlp.name(), mlp.block());
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.get(0);
        // Normalise before attention (pre-norm keeps the residual path an identity at init).
        NDArray normed = attentionNorm.forward(ps, new NDList(x), training).singletonOrThrow();
        // Attend, passing the mask and anything else the attention needs (rotary angles, cached keys/values) through.
        NDList attnIn = new NDList(normed);
        attnIn.addAll(inputs.subNDList(1));
        NDList attnOut = attention.forward(ps, attnIn, training);
        // First residual connection.
        x = x.add(attnOut.get(0));
        // Normalise, MLP, second residual connection.
        NDArray mlpOut = mlp.forward(ps, mlpNorm.forward(ps, new NDList(x), training), training)
                .singletonOrThrow();
        x = x.add(mlpOut);
        return new NDList(x, attnOut.get(1), attnOut.get(2));
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape row = new Shape(1, width);
        attentionNorm.initialize(manager, dataType, row);
        attention.initialize(manager, dataType, row);
        mlpNorm.initialize(manager, dataType, row);
        mlp.initialize(manager, dataType, row);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
