/**
 * The service registry in Ignite's caches ({@link dev.anvil.internal.registry.ServiceCaches}, replicated):
 * {@link dev.anvil.internal.registry.ServiceSpec}, one service's options, actor class and constructor arguments
 * ({@code anvil-services}); {@link dev.anvil.internal.registry.ReplicaRecord}, one row of the replica table
 * ({@code anvil-replicas}) with each rank's {@link dev.anvil.internal.registry.RankPlacement} and the last
 * {@link dev.anvil.internal.registry.ReplicaLoad}; {@link dev.anvil.internal.registry.ReplicaTableUpdate}, a row
 * change the head also pushes on a messaging topic; and the session pins ({@code anvil-sessions}). The head writes it;
 * callers read it through {@code dev.anvil.internal.routing.ReplicaTable}.
 */
package dev.anvil.internal.registry;
