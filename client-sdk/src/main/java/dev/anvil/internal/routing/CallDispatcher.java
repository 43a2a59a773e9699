package dev.anvil.internal.routing;

import dev.anvil.internal.calls.CallResult;
import dev.anvil.internal.calls.FanoutTask;
import dev.anvil.internal.calls.InvokeTask;
import dev.anvil.internal.codec.EndpointMethod;
import dev.anvil.internal.codec.ValueCodec;
import dev.anvil.internal.registry.RankPlacement;
import dev.anvil.internal.registry.ReplicaLoad;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.CallTimeoutException;
import dev.anvil.sdk.CompletionStream;
import dev.anvil.sdk.FanoutException;
import dev.anvil.sdk.NoHealthyReplicaException;
import dev.anvil.sdk.OverloadedException;
import dev.anvil.sdk.RemoteEndpointException;
import dev.anvil.sdk.ReplicaState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.compute.ComputeTaskTimeoutException;
import org.apache.ignite.lang.IgniteFuture;

/**
 * Sends calls from this process straight to the workers of the chosen replicas (Ignite compute on that one node,
 * which finds the replica host in its node-local map): {@code route()} with retries and breakers, sessions, and
 * {@code fanout()}. The head is never on this path.
 */
public final class CallDispatcher {
    /** How often a call that found every replica restarting looks again. */
    private static final long RECOVERY_POLL_MS = 20;
    /** First and longest pause of a call that found every replica full. */
    private static final long FULL_PAUSE_MIN_MS = 2;

    private static final long FULL_PAUSE_MAX_MS = 50;
    /** The least time a call waiting for room keeps for its last try, so that try is not a sure timeout. */
    private static final long LAST_TRY_MIN_MS = 50;

    private static final ScheduledExecutorService RETRY_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "anvil-route-retry");
        t.setDaemon(true);
        return t;
    });

    private final Ignite ignite;
    private final ConcurrentHashMap<UUID, IgniteCompute> computes = new ConcurrentHashMap<>();

    /** Creates the dispatcher of {@code ignite}'s process. */
    public CallDispatcher(Ignite ignite) {
        this.ignite = ignite;
    }

    /** Sends one call to one healthy replica (the pinned one for a session, when {@code pin} is not null). */
    public <R> CompletableFuture<R> route(
            ServiceView view, CallPolicy p, EndpointMethod m, Object[] args, SessionPin pin) {
        CompletableFuture<R> out = new CompletableFuture<>();
        new RouteAttempt<R>(view, p, m, args, pin, out).next();
        return out;
    }

    /** Sends one call to every healthy replica; results in replica order. */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<List<R>> fanout(ServiceView view, CallPolicy p, EndpointMethod m, Object[] args) {
        // One snapshot of the rows: a row replaced while the calls run must not change where results are looked up.
        List<ReplicaRecord> targets = new ArrayList<>();
        for (ReplicaEntry e : view.replicas()) {
            ReplicaRecord r = e.record();
            if (r.state().routable() && r.node() != null && ignite.cluster().node(r.node()) != null) {
                targets.add(r);
            }
        }
        if (targets.isEmpty()) {
            return CompletableFuture.failedFuture(
                    new NoHealthyReplicaException(p.service(), 0, view.replicas().length, null));
        }
        Map<UUID, List<String>> byNode = new LinkedHashMap<>();
        for (ReplicaRecord e : targets) {
            RankPlacement r0 = e.rank0();
            byNode.computeIfAbsent(r0.nodeId(), k -> new ArrayList<>()).add(r0.rankName());
        }
        Map<UUID, CompletableFuture<HashMap<String, CallResult>>> perNode = new HashMap<>();
        for (Map.Entry<UUID, List<String>> n : byNode.entrySet()) {
            CompletableFuture<HashMap<String, CallResult>> f = new CompletableFuture<>();
            try {
                IgniteFuture<HashMap<String, CallResult>> ig = compute(n.getKey())
                        .withNoFailover()
                        .withTimeout(p.timeoutMs())
                        .callAsync(new FanoutTask(n.getValue().toArray(String[]::new), m.signature(), args));
                ig.listen(done -> {
                    try {
                        f.complete(done.get());
                    } catch (RuntimeException ex) {
                        f.completeExceptionally(ex);
                    }
                });
            } catch (RuntimeException ex) {
                f.completeExceptionally(ex);
            }
            perNode.put(n.getKey(), f);
        }
        return CompletableFuture.allOf(perNode.values().toArray(CompletableFuture[]::new))
                .handle((v, t) -> {
                    List<Object> results = new ArrayList<>();
                    Map<Integer, Throwable> failures = new TreeMap<>();
                    for (ReplicaRecord e : targets) {
                        RankPlacement r0 = e.rank0();
                        CompletableFuture<HashMap<String, CallResult>> f = perNode.get(r0.nodeId());
                        int idx = e.index();
                        if (f.isCompletedExceptionally()) {
                            failures.put(
                                    idx,
                                    transportError(
                                            p, m, idx, f.handle((x, err) -> err).join()));
                            results.add(null);
                            continue;
                        }
                        CallResult r = f.join().get(r0.rankName());
                        if (r == null) {
                            failures.put(
                                    idx,
                                    new AnvilException("replica not found on its node [service=" + p.service()
                                            + ", replica=" + idx + "]"));
                            results.add(null);
                        } else if (r.outcome() == CallResult.Outcome.OK) {
                            results.add(ValueCodec.decode(r.value(), p.loader()));
                        } else {
                            failures.put(idx, resultError(p, idx, r));
                            results.add(null);
                        }
                    }
                    if (!failures.isEmpty()) {
                        throw new FanoutException(p.service(), failures, results);
                    }
                    return (List<R>) results;
                });
    }

    /**
     * Sends one call to every healthy replica, each its own {@link InvokeTask}, and yields the results as they
     * complete, tagged with their replica index.
     */
    public <R> CompletionStream<R> fanoutStream(ServiceView view, CallPolicy p, EndpointMethod m, Object[] args) {
        List<Integer> tags = new ArrayList<>();
        List<CompletableFuture<R>> futures = new ArrayList<>();
        for (ReplicaEntry e : view.replicas()) {
            ReplicaRecord r = e.record();
            if (!r.state().routable() || r.node() == null || ignite.cluster().node(r.node()) == null) {
                continue;
            }
            tags.add(r.index());
            futures.add(callReplica(r, p, m, args));
        }
        if (futures.isEmpty()) {
            throw new NoHealthyReplicaException(p.service(), 0, view.replicas().length, null);
        }
        return CompletionStream.of(tags, futures);
    }

    /** One call to one given replica: no retry, no breaker. */
    private <R> CompletableFuture<R> callReplica(ReplicaRecord r, CallPolicy p, EndpointMethod m, Object[] args) {
        CompletableFuture<R> out = new CompletableFuture<>();
        RankPlacement r0 = r.rank0();
        try {
            compute(r0.nodeId())
                    .withNoFailover()
                    .withTimeout(p.timeoutMs())
                    .callAsync(new InvokeTask(r0.rankName(), m.signature(), args))
                    .listen(done -> {
                        CallResult res;
                        try {
                            res = done.get();
                        } catch (RuntimeException ex) {
                            out.completeExceptionally(transportError(p, m, r.index(), ex));
                            return;
                        }
                        if (res.outcome() != CallResult.Outcome.OK) {
                            out.completeExceptionally(resultError(p, r.index(), res));
                            return;
                        }
                        try {
                            @SuppressWarnings("unchecked")
                            R value = (R) ValueCodec.decode(res.value(), p.loader());
                            out.complete(value);
                        } catch (RuntimeException ex) {
                            out.completeExceptionally(ex);
                        }
                    });
        } catch (RuntimeException ex) {
            out.completeExceptionally(transportError(p, m, r.index(), ex));
        }
        return out;
    }

    private static long generationKey(ReplicaEntry e) {
        return ((long) e.index() << 32) | (e.record().generation() & 0xffffffffL);
    }

    private IgniteCompute compute(UUID node) {
        return computes.computeIfAbsent(
                node, id -> ignite.compute(ignite.cluster().forNodeId(id)));
    }

    private boolean alive(ReplicaEntry e) {
        UUID n = e.record().node();
        return n != null && ignite.cluster().node(n) != null;
    }

    private static Throwable transportError(CallPolicy p, EndpointMethod m, int replica, Throwable t) {
        if (isTimeout(t)) {
            return new CallTimeoutException(p.service(), m.display(), replica, p.timeoutMs());
        }
        return new AnvilException(
                "replica unreachable: " + t.getMessage() + " [service=" + p.service() + ", replica=" + replica + "]",
                t);
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ComputeTaskTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static RuntimeException resultError(CallPolicy p, int replica, CallResult r) {
        return switch (r.outcome()) {
            case ENDPOINT_ERROR ->
                new RemoteEndpointException(p.service(), replica, r.errorType(), r.errorMessage(), r.errorTrace());
            case OVERLOADED -> new OverloadedException(p.service(), replica, p.maxConcurrentRequests(), p.maxQueue());
            case BAD_REQUEST -> new IllegalArgumentException(r.errorMessage());
            default -> new AnvilException(r.errorMessage());
        };
    }

    /**
     * One {@code route()}: picks a replica with room (else any healthy one), sends, and on replica death tries another,
     * up to the retry bound. A replica that refuses the call as full passes it on to another; when every replica is
     * full the call waits for room (short, growing pauses) until its timeout, then fails with
     * {@link OverloadedException}. The whole call, waits and retries included, stays within the call timeout.
     */
    private final class RouteAttempt<R> {
        private final ServiceView view;
        private final CallPolicy p;
        private final EndpointMethod m;
        private final Object[] args;
        private final SessionPin pin;
        private final CompletableFuture<R> out;
        /** Replica generations that failed this call; a restarted generation of the same replica is tried again. */
        private final Set<Long> excluded = new HashSet<>(2);
        /** Replica generations that refused this call as full since the last pause. */
        private final Set<Long> full = new HashSet<>(2);

        private final long deadline;
        private int attempts;
        private int lost;
        private long fullPauseMs = FULL_PAUSE_MIN_MS;
        private Throwable lastError;

        RouteAttempt(
                ServiceView view,
                CallPolicy p,
                EndpointMethod m,
                Object[] args,
                SessionPin pin,
                CompletableFuture<R> out) {
            this.view = view;
            this.p = p;
            this.m = m;
            this.args = args;
            this.pin = pin;
            this.out = out;
            this.deadline = System.nanoTime() + p.timeoutMs() * 1_000_000L;
        }

        private boolean eligible(ReplicaEntry e, long now) {
            return e.record().state().routable()
                    && !excluded.contains(generationKey(e))
                    && !full.contains(generationKey(e))
                    && e.breaker.routable(now)
                    && alive(e);
        }

        /** Whether {@code e} seems to have a free execution slot, from this caller's calls and its last report. */
        private boolean hasRoom(ReplicaEntry e) {
            ReplicaLoad l = e.record().load();
            return Math.max(e.inFlight(), l.inFlight()) + l.queued() < p.maxConcurrentRequests();
        }

        private ReplicaEntry pick() {
            long now = System.nanoTime();
            if (pin != null && pin.index() >= 0) {
                ReplicaEntry e = view.replica(pin.index());
                if (e != null && eligible(e, now) && e.breaker.acquire(now)) {
                    return e;
                }
            }
            ReplicaEntry[] all = view.replicas();
            for (int tries = 0; tries <= all.length; tries++) {
                ReplicaEntry e = p.chooser().choose(all, x -> eligible(x, now) && hasRoom(x));
                if (e == null) {
                    e = p.chooser().choose(all, x -> eligible(x, now));
                }
                if (e == null) {
                    return null;
                }
                if (e.breaker.acquire(now)) {
                    if (pin != null) {
                        pin.repin(e.index());
                    }
                    return e;
                }
                excluded.add(generationKey(e));
            }
            return null;
        }

        /** Whether a replica is on its way back (starting or recovering), so waiting for it makes sense. */
        private boolean recoveryUnderway() {
            for (ReplicaEntry e : view.replicas()) {
                ReplicaState s = e.record().state();
                if (s == ReplicaState.STARTING || s == ReplicaState.RECOVERING) {
                    return true;
                }
            }
            return false;
        }

        void next() {
            ReplicaEntry e = pick();
            long now = System.nanoTime();
            if (e == null && !full.isEmpty()) {
                // Every replica we could use refused the call as full: wait for room, within the call timeout.
                long leftMs = (deadline - now) / 1_000_000L;
                if (leftMs < fullPauseMs + LAST_TRY_MIN_MS) {
                    // No time left for a try that could still run: the call ends, at its timeout, as an overload.
                    RETRY_TIMER.schedule(
                            () -> out.completeExceptionally(OverloadedException.everyReplicaFull(
                                    p.service(),
                                    view.replicas().length,
                                    p.maxConcurrentRequests(),
                                    p.maxQueue(),
                                    p.timeoutMs())),
                            Math.max(0, leftMs),
                            TimeUnit.MILLISECONDS);
                    return;
                }
                full.clear();
                long pause = fullPauseMs;
                fullPauseMs = Math.min(FULL_PAUSE_MAX_MS, fullPauseMs * 2);
                RETRY_TIMER.schedule(this::next, pause, TimeUnit.MILLISECONDS);
                return;
            }
            if (e == null && recoveryUnderway() && now < deadline) {
                // Every replica is out of routing but some are restarting: wait for them, within the call timeout.
                RETRY_TIMER.schedule(this::next, RECOVERY_POLL_MS, TimeUnit.MILLISECONDS);
                return;
            }
            if (e == null) {
                out.completeExceptionally(
                        new NoHealthyReplicaException(p.service(), attempts, view.replicas().length, lastError));
                return;
            }
            long leftMs = (deadline - now) / 1_000_000L;
            if (leftMs <= 0) {
                e.breaker.release();
                out.completeExceptionally(new CallTimeoutException(p.service(), m.display(), e.index(), p.timeoutMs()));
                return;
            }
            attempts++;
            RankPlacement r0 = e.record().rank0();
            e.inFlight.incrementAndGet();
            IgniteFuture<CallResult> f;
            try {
                f = compute(r0.nodeId())
                        .withNoFailover()
                        .withTimeout(leftMs)
                        .callAsync(new InvokeTask(r0.rankName(), m.signature(), args));
            } catch (RuntimeException ex) {
                e.inFlight.decrementAndGet();
                replicaLost(e, ex);
                return;
            }
            f.listen(done -> {
                e.inFlight.decrementAndGet();
                CallResult r;
                try {
                    r = done.get();
                } catch (RuntimeException ex) {
                    if (isTimeout(ex)) {
                        e.breaker.failure(p.breakerFailures(), p.breakerCooldownNanos(), System.nanoTime());
                        out.completeExceptionally(
                                new CallTimeoutException(p.service(), m.display(), e.index(), p.timeoutMs()));
                    } else {
                        replicaLost(e, ex);
                    }
                    return;
                }
                finish(e, r);
            });
        }

        private void finish(ReplicaEntry e, CallResult r) {
            switch (r.outcome()) {
                case OK -> {
                    e.breaker.success();
                    try {
                        @SuppressWarnings("unchecked")
                        R value = (R) ValueCodec.decode(r.value(), p.loader());
                        out.complete(value);
                    } catch (RuntimeException ex) {
                        out.completeExceptionally(ex);
                    }
                }
                case GONE -> replicaLost(e, new AnvilException(r.errorMessage()));
                case OVERLOADED -> {
                    // Alive and answering, only full: the call never ran there, so another replica may take it.
                    e.breaker.release();
                    if (pin != null && pin.index() == e.index()) {
                        waitForPinnedReplica(e);
                    } else {
                        full.add(generationKey(e));
                        next();
                    }
                }
                case ENDPOINT_ERROR -> {
                    if (p.countEndpointErrors()) {
                        e.breaker.failure(p.breakerFailures(), p.breakerCooldownNanos(), System.nanoTime());
                    } else {
                        e.breaker.success();
                    }
                    out.completeExceptionally(resultError(p, e.index(), r));
                }
                default -> {
                    e.breaker.success();
                    out.completeExceptionally(resultError(p, e.index(), r));
                }
            }
        }

        /** A session stays with its full replica: the call waits for room there, within the call timeout. */
        private void waitForPinnedReplica(ReplicaEntry e) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs < fullPauseMs + LAST_TRY_MIN_MS) {
                RETRY_TIMER.schedule(
                        () -> out.completeExceptionally(new OverloadedException(
                                p.service(), e.index(), p.maxConcurrentRequests(), p.maxQueue())),
                        Math.max(0, leftMs),
                        TimeUnit.MILLISECONDS);
                return;
            }
            long pause = fullPauseMs;
            fullPauseMs = Math.min(FULL_PAUSE_MAX_MS, fullPauseMs * 2);
            RETRY_TIMER.schedule(this::next, pause, TimeUnit.MILLISECONDS);
        }

        private void replicaLost(ReplicaEntry e, Throwable cause) {
            e.breaker.failure(p.breakerFailures(), p.breakerCooldownNanos(), System.nanoTime());
            excluded.add(generationKey(e));
            lastError = cause;
            lost++;
            if (lost > p.maxRetries()) {
                out.completeExceptionally(
                        new NoHealthyReplicaException(p.service(), attempts, view.replicas().length, cause));
                return;
            }
            next();
        }
    }
}
