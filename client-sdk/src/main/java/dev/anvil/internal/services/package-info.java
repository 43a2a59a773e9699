/**
 * The caller's handles on services: {@link dev.anvil.internal.services.ServicesClient}, a process's service layer and
 * the {@code ServiceSpawner} behind {@code ServiceOptions} (deploys and shuts down through the head, calls through its
 * own replica table and dispatcher), and the package-private implementations of {@code ServiceHandle},
 * {@code ActorHandle} and {@code Session} (its pin kept in {@code anvil-sessions}). Routing itself is
 * {@code dev.anvil.internal.routing}; the head's side of deployment is {@code dev.anvil.head.services}.
 */
package dev.anvil.internal.services;
