/**
 * Hugging Face Llama and Qwen2 decoders on DJL: the architecture ({@link dev.anvil.grpo.hf.HfDecoder}: RMSNorm, rotary
 * embeddings, grouped-query attention, SwiGLU, Qwen2's q/k/v biases, tied or untied embeddings), its
 * {@code config.json} ({@link dev.anvil.grpo.hf.HfConfig}) and its {@code *.safetensors} weights
 * ({@link dev.anvil.grpo.hf.HfWeights}: fp32, bf16 and fp16, single or sharded). Parameter names are the checkpoint's
 * own ({@code model.layers.0.self_attn.q_proj.weight}), so weights move between the two without a mapping table.
 */
package dev.anvil.grpo.hf;
