/**
 * The GRPO objective ({@link dev.anvil.grpo.loss.GrpoLoss}): probability ratio times advantage with a k3 KL penalty to
 * the reference, masked mean per sequence.
 */
package dev.anvil.grpo.loss;
