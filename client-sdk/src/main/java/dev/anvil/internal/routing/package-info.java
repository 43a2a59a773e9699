/**
 * Choosing a replica and sending the call, in the caller's own process:
 * {@link dev.anvil.internal.routing.ReplicaTable} (this process's copy of the replica table, kept by a continuous
 * query and the head's pushed changes), {@link dev.anvil.internal.routing.ServiceView} and
 * {@link dev.anvil.internal.routing.ReplicaEntry} (a service's replicas with this caller's in-flight counts and
 * {@link dev.anvil.internal.routing.CircuitBreaker}s), {@link dev.anvil.internal.routing.ReplicaChooser} (the
 * routers), {@link dev.anvil.internal.routing.CallPolicy}, {@link dev.anvil.internal.routing.SessionPin}, and
 * {@link dev.anvil.internal.routing.CallDispatcher} ({@code route()} with retries, {@code fanout()}). The head is not
 * on this path.
 */
package dev.anvil.internal.routing;
