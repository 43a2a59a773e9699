package dev.anvil.internal.service;

import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.ServiceOptions;
import java.util.concurrent.CompletableFuture;

/** What {@link ServiceOptions} deploys through; implemented by {@link ServicesClient}. */
public interface ServiceSpawner {
    /** Deploys {@code options} as a service with constructor arguments {@code args}. */
    <A> CompletableFuture<ServiceHandle<A>> spawnService(ServiceOptions<A> options, Object[] args);

    /** Deploys {@code options} as a single actor with constructor arguments {@code args}. */
    <A> CompletableFuture<ActorHandle<A>> spawnActor(ServiceOptions<A> options, Object[] args);
}
