/**
 * The small decoder-only transformer on DJL: {@link dev.anvil.grpo.model.TransformerLM} and its blocks,
 * {@link dev.anvil.grpo.model.LanguageModel} (weights out and in as little-endian float32 bytes, imported in place),
 * checkpoints (config, safetensors, tokenizer; Hugging Face Llama/Qwen2 folders load as {@code dev.anvil.grpo.hf}'s
 * decoder), and batch layout and per-token log-probs. The PyTorch engine itself is
 * loaded by {@code dev.anvil.grpo.engine}.
 */
package dev.anvil.grpo.model;
