/**
 * The wire between callers and the workers that host replicas: the Ignite compute tasks
 * {@link dev.anvil.internal.calls.InvokeTask} (one call, sent to the worker of a replica's rank 0),
 * {@link dev.anvil.internal.calls.FanoutTask} (one call to every replica a node hosts) and
 * {@link dev.anvil.internal.calls.ProbeTask} (the head's health probe), their answers
 * ({@link dev.anvil.internal.calls.CallResult}, {@link dev.anvil.internal.calls.ProbeReport}), and what they find on
 * the worker: the {@link dev.anvil.internal.calls.ReplicaHost} of each rank in the node-local map
 * ({@link dev.anvil.internal.calls.LocalReplicas}) and the thread-bound {@code ReplicaContext}
 * ({@link dev.anvil.internal.calls.ReplicaContextHolder}). The host itself is {@code dev.anvil.worker.replica}; which
 * replica a call goes to is decided in {@code dev.anvil.internal.routing}.
 */
package dev.anvil.internal.calls;
