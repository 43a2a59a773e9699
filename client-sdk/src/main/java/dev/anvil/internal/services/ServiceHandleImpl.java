package dev.anvil.internal.services;

import dev.anvil.internal.codec.EndpointMethod;
import dev.anvil.internal.codec.ValueCodec;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.internal.routing.CallPolicy;
import dev.anvil.internal.routing.ServiceView;
import dev.anvil.internal.routing.SessionPin;
import dev.anvil.sdk.CompletionStream;
import dev.anvil.sdk.EndpointCall;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.ServiceStoppedException;
import dev.anvil.sdk.Session;
import java.io.Serializable;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A service handle: binds endpoints to calls routed over the service's replicas. */
final class ServiceHandleImpl<A> implements ServiceHandle<A> {
    private final ServicesClient client;
    private final ServiceSpec spec;
    private final Class<A> actorClass;
    private final CallPolicy policy;
    private final ServiceView view;
    private volatile boolean stopped;

    ServiceHandleImpl(ServicesClient client, ServiceSpec spec, Class<A> actorClass) {
        this.client = client;
        this.spec = spec;
        this.actorClass = actorClass;
        this.policy = CallPolicy.of(spec, actorClass.getClassLoader());
        this.view = client.table().view(spec.name());
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public <R> EndpointCall<R> bind(Serializable method, Object[] args) {
        return newCall(method, args, null, false);
    }

    <R> EndpointCall<R> newCall(Serializable method, Object[] args, SessionPin pin, boolean actor) {
        EndpointMethod m = EndpointMethod.of(actorClass, method);
        Object[] a = args == null ? new Object[0] : args;
        m.checkArgs(a);
        return new Call<>(m, ValueCodec.encodeAll(a), pin, actor);
    }

    @Override
    public Session<A> session() {
        return session(UUID.randomUUID().toString());
    }

    @Override
    public Session<A> session(String id) {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("session id must not be blank [id=" + id + "]");
        }
        return new SessionImpl<>(this, client.sessions(), spec.name(), id);
    }

    @Override
    public List<ReplicaInfo> replicas() {
        return client.table().records(spec.name()).stream()
                .map(ReplicaRecord::toInfo)
                .toList();
    }

    @Override
    public int sessions() {
        return ServiceCaches.countSessions(client.sessions(), spec.name());
    }

    @Override
    public CompletableFuture<Void> shutdown() {
        stopped = true;
        return client.shutdown(spec.name());
    }

    private final class Call<R> implements EndpointCall<R> {
        private final EndpointMethod m;
        private final Object[] args;
        private final SessionPin pin;
        private final boolean actor;

        Call(EndpointMethod m, Object[] args, SessionPin pin, boolean actor) {
            this.m = m;
            this.args = args;
            this.pin = pin;
            this.actor = actor;
        }

        @Override
        public CompletableFuture<R> route() {
            if (stopped) {
                return CompletableFuture.failedFuture(new ServiceStoppedException(spec.name()));
            }
            if (view.replicas().length == 0) {
                client.table().refresh(spec.name(), spec.maxReplicas());
                if (view.replicas().length == 0) {
                    return CompletableFuture.failedFuture(new ServiceStoppedException(spec.name()));
                }
            }
            return client.dispatcher().route(view, policy, m, args, pin);
        }

        @Override
        public CompletableFuture<List<R>> fanout() {
            if (stopped || view.replicas().length == 0) {
                return CompletableFuture.failedFuture(new ServiceStoppedException(spec.name()));
            }
            return client.dispatcher().fanout(view, policy, m, args);
        }

        @Override
        public CompletionStream<R> fanoutStream() {
            if (stopped || view.replicas().length == 0) {
                throw new ServiceStoppedException(spec.name());
            }
            return client.dispatcher().fanoutStream(view, policy, m, args);
        }

        @Override
        public CompletableFuture<R> callOne() {
            if (!actor) {
                throw new IllegalStateException("callOne() is for actors; a service is called with route() or fanout()"
                        + " [service=" + spec.name() + ", endpoint=" + m.display() + ", replicas=" + spec.numReplicas()
                        + "]");
            }
            return route();
        }
    }
}
