/**
 * Training in one process: the GRPO and supervised trainers, the AdamW step with gradient clipping, the reference
 * model, rollout collection, the in-process replay list, the warm start that writes the base checkpoint, and
 * {@link dev.anvil.grpo.training.LocalGrpoLoop}, GRPO without a cluster ({@code --in-process}).
 */
package dev.anvil.grpo.training;
