/**
 * Connecting: {@link dev.anvil.internal.client.ClusterRuntime}, the {@code AnvilRuntime} the SDK finds through
 * {@code META-INF/services}; {@link dev.anvil.internal.client.ClusterConnector}, which joins a running cluster as an
 * Ignite client node and resolves {@code Anvil.connect()} (the job's cluster in a driver, the hosting worker's node in
 * an actor, else {@code ANVIL_ADDRESS}); and {@link dev.anvil.internal.client.ClusterAnvil}, the {@code Anvil} handle
 * over one Ignite node. The embedded cluster of {@code Anvil.local} is head-node's {@code dev.anvil.head.local}.
 */
package dev.anvil.internal.client;
