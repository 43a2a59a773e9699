/**
 * Evaluation: greedy accuracy on a split ({@link dev.anvil.grpo.eval.Evaluator}), sampled pass@k and
 * {@link dev.anvil.grpo.eval.EvalCommand}, which evaluates any checkpoint directory.
 */
package dev.anvil.grpo.eval;
