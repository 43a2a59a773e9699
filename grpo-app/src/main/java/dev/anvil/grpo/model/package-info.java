/**
 * The small decoder-only transformer on DJL: {@link dev.anvil.grpo.model.TransformerLM} and its blocks,
 * {@link dev.anvil.grpo.model.LanguageModel} (weights out and in as little-endian float32 bytes, imported in place),
 * checkpoints (config, safetensors, tokenizer), batch layout and per-token log-probs, and loading the PyTorch engine
 * ({@link dev.anvil.grpo.model.Torch}).
 */
package dev.anvil.grpo.model;
