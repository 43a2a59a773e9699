package dev.anvil.internal.services;

import dev.anvil.internal.routing.SessionPin;
import dev.anvil.sdk.EndpointCall;
import dev.anvil.sdk.Session;
import java.io.Serializable;
import org.apache.ignite.IgniteCache;

/**
 * A sticky session: the replica it is pinned to lives in the {@code anvil-sessions} cache, read once when the session
 * is opened and written only when the pinning changes, so a session call costs what a plain call costs.
 */
final class SessionImpl<A> implements Session<A> {
    private final ServiceHandleImpl<A> service;
    private final IgniteCache<String, Integer> sessions;
    private final String id;
    private final String key;
    private final SessionPin pin;

    SessionImpl(ServiceHandleImpl<A> service, IgniteCache<String, Integer> sessions, String serviceName, String id) {
        this.service = service;
        this.sessions = sessions;
        this.id = id;
        this.key = serviceName + "/" + id;
        Integer pinned = sessions.get(key);
        this.pin = new SessionPin(pinned == null ? -1 : pinned, idx -> sessions.putAsync(key, idx));
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public int replica() {
        return pin.index();
    }

    @Override
    public <R> EndpointCall<R> bind(Serializable method, Object[] args) {
        return service.newCall(method, args, pin, false);
    }

    @Override
    public void close() {
        sessions.remove(key);
    }
}
