package dev.anvil.grpo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.layers.EmbeddingTable;
import java.util.ArrayList;
import java.util.List;

/**
 * A small decoder-only transformer language model (GPT-style, pre-LayerNorm, no dropout).
 *
 * <p>Inputs: token ids {@code [B, T]} (int64), position ids {@code [B, T]} (int64), additive attention mask
 * {@code [B, 1, T, S]} (float32), then optionally a key/value cache of {@code 2 * numLayers} arrays.
 * Outputs: logits {@code [B, T, vocab]} followed by the updated cache ({@code 2 * numLayers} arrays).
 * Use {@link LanguageModel} to own one with its native memory.
 */
public final class TransformerLM extends AbstractBlock {

    private final ModelConfig config;
    private final EmbeddingTable tokEmb;
    private final EmbeddingTable posEmb;
    private final List<DecoderBlock> blocks = new ArrayList<>();
    private final LayerNorm lnF;
    private final Linear lmHead;

    /**
     * Creates the (uninitialised) network.
     *
     * @param config the shape
     */
    public TransformerLM(ModelConfig config) {
        this.config = config;
        this.tokEmb = addChildBlock("tok_emb", new EmbeddingTable(config.vocabSize(), config.dModel()));
        this.posEmb = addChildBlock("pos_emb", new EmbeddingTable(config.maxSeqLen(), config.dModel()));
        for (int i = 0; i < config.numLayers(); i++) {
            blocks.add(addChildBlock(
                    "block" + i, new DecoderBlock(config.dModel(), config.numHeads(), config.mlpHidden())));
        }
        this.lnF = addChildBlock("ln_f", LayerNorm.builder().build());
        this.lmHead = addChildBlock(
                "lm_head",
                Linear.builder().setUnits(config.vocabSize()).optBias(false).build());
    }

    /** @return the shape of this network */
    public ModelConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray tokens = inputs.get(0);
        NDArray positions = inputs.get(1);
        NDArray mask = inputs.get(2);
        boolean cached = inputs.size() > 3;
        // Token embedding plus learned absolute position embedding.
        NDArray x = tokEmb.forward(ps, new NDList(tokens), training)
                .singletonOrThrow()
                .add(posEmb.forward(ps, new NDList(positions), training).singletonOrThrow());
        // Decoder blocks, each returning its keys/values for the cache.
        NDList out = new NDList(config.numLayers() * 2 + 1);
        out.add(null);
        for (int i = 0; i < blocks.size(); i++) {
            NDList blockIn =
                    cached ? new NDList(x, mask, inputs.get(3 + 2 * i), inputs.get(4 + 2 * i)) : new NDList(x, mask);
            NDList blockOut = blocks.get(i).forward(ps, blockIn, training);
            x = blockOut.get(0);
            out.add(blockOut.get(1));
            out.add(blockOut.get(2));
        }
        // Final LayerNorm (pre-LN models need it before the head).
        x = lnF.forward(ps, new NDList(x), training).singletonOrThrow();
        // Project to vocabulary logits.
        out.set(0, lmHead.forward(ps, new NDList(x), training).singletonOrThrow());
        return out;
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = new Shape(1, 1);
        Shape row = new Shape(1, config.dModel());
        tokEmb.initialize(manager, dataType, ids);
        posEmb.initialize(manager, dataType, ids);
        for (DecoderBlock b : blocks) {
            b.initialize(manager, dataType, row);
        }
        lnF.initialize(manager, dataType, row);
        lmHead.initialize(manager, dataType, row);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.vocabSize())};
    }
}
