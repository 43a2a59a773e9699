package dev.anvil.internal.services;

import dev.anvil.internal.routing.SessionPin;
import dev.anvil.sdk.EndpointCall;
import dev.anvil.sdk.Session;
import java.io.Serializable;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.lang.IgniteFuture;

/**
 * A sticky session: the replica it is pinned to lives in the {@code anvil-sessions} cache, read once when the session
 * is opened and written only when the pinning changes, so a session call costs what a plain call costs.
 */
final class SessionImpl<A> implements Session<A> {
    /** How long a close waits for the session's last pinning write. */
    private static final long CLOSE_WAIT_MS = 10_000;

    private final ServiceHandleImpl<A> service;
    private final IgniteCache<String, Integer> sessions;
    private final String id;
    private final String key;
    private final SessionPin pin;
    /** The newest pinning write: written without waiting, so that a call never waits for the cache. */
    private volatile IgniteFuture<Void> lastWrite;

    SessionImpl(ServiceHandleImpl<A> service, IgniteCache<String, Integer> sessions, String serviceName, String id) {
        this.service = service;
        this.sessions = sessions;
        this.id = id;
        this.key = serviceName + "/" + id;
        Integer pinned = sessions.get(key);
        this.pin = new SessionPin(pinned == null ? -1 : pinned, idx -> lastWrite = sessions.putAsync(key, idx));
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
        // A pinning write still in flight would land after the remove and bring the closed session back.
        IgniteFuture<Void> w = lastWrite;
        if (w != null) {
            try {
                w.get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
            } catch (IgniteException e) {
                // failed or slow: the remove below goes ahead all the same
            }
        }
        sessions.remove(key);
    }
}
