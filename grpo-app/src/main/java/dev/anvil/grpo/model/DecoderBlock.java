package dev.anvil.grpo.model;

import ai.djl.nn.norm.LayerNorm;
import dev.anvil.grpo.layers.PreNormDecoderLayer;

/**
 * One pre-LayerNorm decoder block of the project's own model: {@code x + attn(ln1(x))}, then
 * {@code x + mlp(ln2(x))}, wired by {@link PreNormDecoderLayer}.
 *
 * <p>Inputs and outputs follow {@link CausalSelfAttention}: {@code (x, mask[, k, v])} in, {@code (x, k, v)} out.
 * Its parts are LayerNorm, fused-QKV attention and a GELU MLP, under the names our checkpoints use
 * ({@code ln1}, {@code attn}, {@code ln2}, {@code mlp}).
 */
public final class DecoderBlock extends PreNormDecoderLayer {

    /**
     * Creates the block.
     *
     * @param dModel residual width
     * @param numHeads attention heads
     * @param mlpHidden MLP hidden width
     */
    public DecoderBlock(int dModel, int numHeads, int mlpHidden) {
        super(
                dModel,
                new Part("ln1", LayerNorm.builder().build()),
                new Part("attn", new CausalSelfAttention(dModel, numHeads)),
                new Part("ln2", LayerNorm.builder().build()),
                new Part("mlp", new Mlp(dModel, mlpHidden)));
    }
}
