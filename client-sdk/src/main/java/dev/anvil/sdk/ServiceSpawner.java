package dev.anvil.sdk;

import java.util.concurrent.CompletableFuture;

/**
 * What {@link ServiceOptions} deploys through: a service provider interface implemented by Anvil's runtime, one per
 * connection. Applications do not implement or call it; they call {@link ServiceOptions#asService(Object...)}.
 */
public interface ServiceSpawner {
    /** Deploys {@code options} as a service with constructor arguments {@code args}. */
    <A> CompletableFuture<ServiceHandle<A>> spawnService(ServiceOptions<A> options, Object[] args);

    /** Deploys {@code options} as a single actor with constructor arguments {@code args}. */
    <A> CompletableFuture<ActorHandle<A>> spawnActor(ServiceOptions<A> options, Object[] args);
}
