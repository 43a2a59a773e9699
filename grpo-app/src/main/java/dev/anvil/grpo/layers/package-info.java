/**
 * Network building blocks that both decoders use, the project's own ({@code dev.anvil.grpo.model}) and the Hugging
 * Face one ({@code dev.anvil.grpo.hf}): {@link dev.anvil.grpo.layers.EmbeddingTable} and the pre-norm residual
 * wiring of a decoder layer, {@link dev.anvil.grpo.layers.PreNormDecoderLayer}. It sits below both packages
 * because {@code model} already depends on {@code hf}, so a block shared by the two can live in neither.
 */
package dev.anvil.grpo.layers;
