/**
 * Training data: seeded GSM8K-format arithmetic problems ({@link dev.anvil.grpo.data.ArithmeticProblemGenerator}), a
 * GSM8K JSONL dataset in seeded, per-epoch reshuffled order ({@link dev.anvil.grpo.data.Gsm8kDataset}), and the prompt
 * and answer format.
 */
package dev.anvil.grpo.data;
