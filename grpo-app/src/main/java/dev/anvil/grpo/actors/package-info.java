/**
 * The GRPO pieces as actor classes, spawned as Anvil services: {@link dev.anvil.grpo.actors.DatasetActor},
 * {@link dev.anvil.grpo.actors.PolicyActor} (generation, and new weights from the weight store),
 * {@link dev.anvil.grpo.actors.ReferenceActor}, {@link dev.anvil.grpo.actors.RewardActor},
 * {@link dev.anvil.grpo.actors.ComputeAdvantages} and {@link dev.anvil.grpo.actors.TrainerActor}; replicas build their
 * models from a weight store ({@link dev.anvil.grpo.actors.StoreWeights}), so no worker needs a checkpoint file.
 */
package dev.anvil.grpo.actors;
