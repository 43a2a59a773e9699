/**
 * GRPO on the cluster: {@link dev.anvil.grpo.cluster.ClusterGrpoLoop} brings the services up, runs rollout loops
 * ({@link dev.anvil.grpo.cluster.RolloutLoop}) into a replay buffer while the training loop samples it, pushes weights
 * and fans out {@code updateWeights}; its settings ({@link dev.anvil.grpo.cluster.ClusterSettings},
 * {@code config/cluster.yaml}) and per-step metrics and timings.
 */
package dev.anvil.grpo.cluster;
