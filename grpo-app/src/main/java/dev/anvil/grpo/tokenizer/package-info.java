/**
 * The tokenizer ({@link dev.anvil.grpo.tokenizer.TextTokenizer}): a Hugging Face {@code tokenizer.json} loaded by
 * DJL's native tokenizers from a file or the bundled resource, never from the hub.
 */
package dev.anvil.grpo.tokenizer;
