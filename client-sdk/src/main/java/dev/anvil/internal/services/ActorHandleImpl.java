package dev.anvil.internal.services;

import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.EndpointCall;
import dev.anvil.sdk.ReplicaInfo;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An actor handle: a one-replica service whose calls go out with {@code callOne()}. */
final class ActorHandleImpl<A> implements ActorHandle<A> {
    private final ServiceHandleImpl<A> service;

    ActorHandleImpl(ServiceHandleImpl<A> service) {
        this.service = service;
    }

    @Override
    public String name() {
        return service.name();
    }

    @Override
    public <R> EndpointCall<R> bind(Serializable method, Object[] args) {
        return service.newCall(method, args, null, true);
    }

    @Override
    public ReplicaInfo info() {
        List<ReplicaInfo> r = service.replicas();
        return r.isEmpty() ? null : r.get(0);
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        return service.shutdown();
    }
}
