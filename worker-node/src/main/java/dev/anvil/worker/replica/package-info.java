/**
 * Hosting actors: {@link dev.anvil.worker.replica.RankHost}, one per rank, which constructs the actor with its
 * {@code ReplicaContext} bound, calls its {@code setup()}, {@code checkHealth()} and {@code cleanup()} hooks and its
 * endpoints, which run on the replica's own executor, one call at a time unless the service opted into more, behind a
 * bounded queue ({@code CallQueue}); call counters for probes; {@link dev.anvil.worker.replica.RankHosts}, the ranks
 * of this worker, which the head starts and stops through {@link dev.anvil.worker.replica.StartRankTask} and
 * {@link dev.anvil.worker.replica.StopRanksTask} (accepted only from the active head); and the
 * {@link dev.anvil.worker.replica.ActorClassResolver} that finds an actor class (the classpath, a job's jar, or a
 * client's shipped code). Placed by the head ({@code dev.anvil.head.services}); reached by the tasks of
 * {@code dev.anvil.internal.calls}.
 */
package dev.anvil.worker.replica;
