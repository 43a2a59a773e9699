/**
 * Hosting actors: {@link dev.anvil.worker.replica.ReplicaService}, Anvil's one Ignite service class, one instance per
 * rank, which constructs the actor with its {@code ReplicaContext} bound, calls its {@code setup()},
 * {@code checkHealth()} and {@code cleanup()} hooks and its endpoints, which run on the replica's own executor, one
 * call at a time unless the service opted into more, behind a bounded queue ({@code CallQueue}); call counters for
 * probes; and the
 * {@link dev.anvil.worker.replica.ActorClassResolver} that finds an actor class (the classpath, or a job's jar).
 * Deployed by the head ({@code dev.anvil.head.services}); reached by the tasks of {@code dev.anvil.internal.calls}.
 */
package dev.anvil.worker.replica;
