package dev.anvil.head.services;

import dev.anvil.head.health.HealthMonitor;
import dev.anvil.head.health.ReplicaHealthListener;
import dev.anvil.head.placement.GpuLedger;
import dev.anvil.head.placement.Placer;
import dev.anvil.head.placement.RankSlot;
import dev.anvil.internal.registry.ReplicaLoad;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ReplicaTableUpdate;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.sdk.DeploymentException;
import dev.anvil.sdk.InsufficientResourcesException;
import dev.anvil.sdk.ReplicaState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's control plane for services: places and deploys replicas, restarts them when their node leaves or they
 * fail a probe (elsewhere when their node is gone, with backoff and a restart limit), redeploys waiting replicas when
 * a fitting worker joins, and shuts services down after draining. It never carries calls: callers route from the
 * replica table it writes. Calls go one way: the controller drives the placer, the deployer and the health monitor,
 * and the monitor's verdicts come back only through {@link ReplicaHealthListener}.
 */
public final class ServiceController implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceController.class);
    private static final long MAX_BACKOFF_MS = 30_000;

    private final Ignite ignite;
    private final IgniteCache<String, ReplicaRecord> table;
    private final IgniteCache<String, ServiceSpec> specCache;
    private final GpuLedger ledger;
    private final Placer placer;
    private final ReplicaDeployer deployer;
    private final HealthMonitor health;
    private final ScheduledExecutorService exec;
    private final Map<String, ServiceSpec> specs = new ConcurrentHashMap<>();
    private final Map<String, ReplicaRecord> records = new ConcurrentHashMap<>();
    private final Set<String> stopping = ConcurrentHashMap.newKeySet();
    /** Replicas waiting for a worker that fits them; retried when a node joins. */
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();
    /**
     * Replicas whose worker missed a probe: out of routing at once, restarted only when the next probe is missed too,
     * back in routing (state intact) when it answers. A busy or paused worker is not a dead one.
     */
    private final Map<String, Integer> suspects = new ConcurrentHashMap<>();

    /** Services whose first deployment is under way: not scaled until it is done. */
    private final Set<String> deploying = ConcurrentHashMap.newKeySet();
    /** Last generation of replicas the autoscaler removed, so a replica added later at that index is newer. */
    private final Map<String, Integer> retiredGenerations = new ConcurrentHashMap<>();

    private final AtomicLong versions = new AtomicLong(System.currentTimeMillis() * 1000);
    private final IgnitePredicate<DiscoveryEvent> topologyListener;

    private ServiceController(Ignite ignite) {
        this.ignite = ignite;
        this.table = ServiceCaches.replicas(ignite);
        this.specCache = ServiceCaches.services(ignite);
        this.ledger = new GpuLedger(ignite.getOrCreateCache(ServiceCaches.<String, String>config("anvil-gpu-ledger")));
        this.placer = new Placer(ignite, ledger);
        this.deployer = new ReplicaDeployer(ignite);
        this.exec = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "anvil-head-services");
            t.setDaemon(true);
            return t;
        });
        this.health = new HealthMonitor(ignite, exec, new ProbeVerdicts());
        this.topologyListener = evt -> {
            if (evt.type() == EventType.EVT_NODE_JOINED) {
                exec.execute(this::retryWaiting);
            } else {
                UUID gone = evt.eventNode().id();
                exec.execute(() -> nodeGone(gone));
            }
            return true;
        };
    }

    /** Starts the controller on the head {@code ignite}. */
    public static ServiceController start(Ignite ignite) {
        ServiceController c = new ServiceController(ignite);
        c.resume();
        ignite.events()
                .localListen(
                        c.topologyListener,
                        EventType.EVT_NODE_JOINED,
                        EventType.EVT_NODE_LEFT,
                        EventType.EVT_NODE_FAILED);
        return c;
    }

    /** Picks up the services a previous head left in the caches; replicas whose workers are gone are restarted. */
    private void resume() {
        for (Cache.Entry<String, ServiceSpec> e : specCache) {
            specs.put(e.getKey(), e.getValue());
        }
        List<ReplicaRecord> lost = new ArrayList<>();
        List<ReplicaRecord> unfinished = new ArrayList<>();
        for (Cache.Entry<String, ReplicaRecord> e : table) {
            ReplicaRecord r = e.getValue();
            records.put(e.getKey(), r);
            if (r.state().routable() && r.nodes().stream().anyMatch(n -> !deployer.alive(n))) {
                lost.add(r);
            } else if (r.state() == ReplicaState.STARTING) {
                unfinished.add(r);
            }
        }
        specs.values().forEach(this::watch);
        lost.forEach(r -> exec.execute(() -> replicaFailed(r.key(), r.generation(), "worker left while no head ran")));
        // The head that started these died before it heard whether they started: stop what may run, start afresh.
        unfinished.forEach(r -> exec.execute(() -> replicaFailed(r.key(), r.generation(), "its start was cut short")));
        if (!specs.isEmpty()) {
            LOG.info("resumed services [services={}, replicas={}]", specs.keySet(), records.size());
        }
    }

    /**
     * Places and deploys every replica of {@code spec}, returning when all are healthy.
     *
     * @return the replica table rows of the healthy replicas, so the caller routes at once
     * @throws InsufficientResourcesException when the cluster lacks GPUs or workers
     * @throws DeploymentException when a replica fails to start; nothing is left deployed
     */
    public List<ReplicaRecord> deploy(ServiceSpec spec) {
        if (specs.putIfAbsent(spec.name(), spec) != null) {
            throw new IllegalArgumentException(
                    "a service with this name is already running [service=" + spec.name() + "]");
        }
        deploying.add(spec.name());
        try {
            return deployReplicas(spec);
        } finally {
            deploying.remove(spec.name());
        }
    }

    private List<ReplicaRecord> deployReplicas(ServiceSpec spec) {
        List<ReplicaRecord> started = new ArrayList<>();
        try {
            synchronized (this) {
                placer.checkCapacity(spec);
                for (int i = 0; i < spec.numReplicas(); i++) {
                    started.add(placeStarting(spec, i, 1, Set.of(), 0, null));
                }
            }
            specCache.put(spec.name(), spec);
            List<CompletableFuture<Void>> deploys = new ArrayList<>();
            for (ReplicaRecord r : started) {
                deploys.add(deployer.deploy(spec, r.index(), r.ranks()));
            }
            CompletableFuture.allOf(deploys.toArray(CompletableFuture[]::new)).join();
        } catch (RuntimeException e) {
            undeploy(spec.name(), started);
            Throwable root = rootCause(e);
            if (root instanceof InsufficientResourcesException ire) {
                throw ire;
            }
            if (root instanceof IllegalArgumentException iae && started.isEmpty()) {
                throw iae;
            }
            throw new DeploymentException(spec.name(), "a replica failed to start: " + describe(root), root);
        }
        List<ReplicaRecord> healthy = new ArrayList<>();
        synchronized (this) {
            for (ReplicaRecord r : started) {
                ReplicaRecord cur = records.get(r.key());
                if (cur != null && cur.state() == ReplicaState.STARTING) {
                    put(cur.withState(ReplicaState.HEALTHY, null));
                }
                healthy.add(records.get(r.key()));
            }
        }
        watch(spec);
        LOG.info("service deployed [service={}, replicas={}, procs={}]", spec.name(), spec.numReplicas(), spec.procs());
        return healthy;
    }

    /**
     * Adds one replica to {@code service} at its lowest free index below {@link ServiceSpec#maxReplicas()} and returns
     * its row once it is healthy (the autoscaler's upscale step).
     *
     * @return the new replica's row, or {@code null} when the service is gone, stopping or has no free index
     * @throws InsufficientResourcesException when no worker fits another replica now
     * @throws DeploymentException when the replica failed to start; nothing is left of it
     */
    public ReplicaRecord addReplica(String service) {
        ServiceSpec spec;
        ReplicaRecord r;
        synchronized (this) {
            spec = specs.get(service);
            if (!scalable(service)) {
                return null;
            }
            Set<Integer> used = new HashSet<>();
            replicasOf(service).forEach(x -> used.add(x.index()));
            int index = 0;
            while (used.contains(index)) {
                index++;
            }
            if (index >= spec.maxReplicas()) {
                return null;
            }
            String key = ReplicaRecord.key(service, index);
            r = placeStarting(spec, index, retiredGenerations.getOrDefault(key, 0) + 1, Set.of(), 0, null);
        }
        try {
            deployer.deploy(spec, r.index(), r.ranks()).join();
        } catch (RuntimeException e) {
            deployer.cancelAndWait(r.ranks());
            synchronized (this) {
                ledger.release(r.key() + "#g");
                remove(r.key());
                retiredGenerations.put(r.key(), r.generation());
            }
            Throwable root = rootCause(e);
            throw new DeploymentException(service, "a replica failed to start: " + describe(root), root);
        }
        synchronized (this) {
            ReplicaRecord cur = records.get(r.key());
            if (cur != null && cur.generation() == r.generation() && cur.state() == ReplicaState.STARTING) {
                put(cur.withState(ReplicaState.HEALTHY, null));
            }
            LOG.info("replica added [replica={}, generation={}, node={}]", r.key(), r.generation(), r.node());
            return records.get(r.key());
        }
    }

    /**
     * Takes replica {@code index} of {@code service} out of routing, lets its queued and running calls finish (within
     * the longer of the call timeout and the shutdown grace), then removes it and frees its GPUs (the autoscaler's
     * downscale step). Sessions pinned to it move on their next call, as after a failure.
     *
     * @return whether the replica was drained and removed
     */
    public boolean drainAndRemove(String service, int index) {
        String key = ReplicaRecord.key(service, index);
        ServiceSpec spec;
        ReplicaRecord r;
        synchronized (this) {
            spec = specs.get(service);
            r = records.get(key);
            if (spec == null
                    || stopping.contains(service)
                    || r == null
                    || !r.state().routable()) {
                return false;
            }
            suspects.remove(key);
            put(r.withState(ReplicaState.STOPPED, "drained to scale down"));
            r = records.get(key);
        }
        LOG.info("draining replica to scale down [replica={}, generation={}]", key, r.generation());
        health.drain(List.of(r), Math.max(spec.shutdownGraceMs(), spec.callTimeoutMs()));
        deployer.cancelAndWait(r.ranks());
        synchronized (this) {
            ReplicaRecord cur = records.get(key);
            if (cur == null || cur.generation() != r.generation()) {
                return false;
            }
            ledger.release(key + "#g");
            remove(key);
            retiredGenerations.put(key, r.generation());
        }
        LOG.info("replica drained and removed [replica={}, generation={}]", key, r.generation());
        return true;
    }

    /** Whether {@code service} is deployed and neither still deploying nor stopping, so it may be scaled. */
    public boolean scalable(String service) {
        return specs.containsKey(service) && !deploying.contains(service) && !stopping.contains(service);
    }

    /** Removes what a failed deployment started: services, GPUs, rows and the spec. */
    private void undeploy(String service, List<ReplicaRecord> started) {
        for (ReplicaRecord r : started) {
            deployer.cancelAndWait(r.ranks());
            ledger.release(r.key() + "#g");
            remove(r.key());
        }
        specCache.remove(service);
        specs.remove(service);
    }

    /** Drains and removes every replica of {@code service}, then frees its GPUs. Unknown services are ignored. */
    public void shutdown(String service) {
        ServiceSpec spec = specs.get(service);
        if (spec == null || !stopping.add(service)) {
            return;
        }
        try {
            health.unwatch(service);
            List<ReplicaRecord> rs = replicasOf(service);
            for (ReplicaRecord r : rs) {
                put(r.withState(ReplicaState.STOPPED, null));
            }
            health.drain(rs, spec.shutdownGraceMs());
            for (ReplicaRecord r : rs) {
                deployer.cancelAndWait(r.ranks());
                ledger.release(r.key() + "#g");
                remove(r.key());
                waiting.remove(r.key());
            }
            forgetSessions(service);
            specCache.remove(service);
            specs.remove(service);
            LOG.info("service shut down [service={}]", service);
        } finally {
            stopping.remove(service);
        }
    }

    private void forgetSessions(String service) {
        IgniteCache<String, Integer> sessions = ServiceCaches.sessions(ignite);
        Set<String> keys = new HashSet<>();
        for (Cache.Entry<String, Integer> e : sessions) {
            if (e.getKey().startsWith(service + "/")) {
                keys.add(e.getKey());
            }
        }
        sessions.removeAllAsync(keys);
    }

    /** The rows of {@code service}'s replicas, in index order. */
    public List<ReplicaRecord> replicasOf(String service) {
        List<ReplicaRecord> out = new ArrayList<>();
        for (ReplicaRecord r : records.values()) {
            if (r.service().equals(service)) {
                out.add(r);
            }
        }
        out.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return out;
    }

    /** The spec of {@code service}, or {@code null}. */
    public ServiceSpec spec(String service) {
        return specs.get(service);
    }

    /** All services' specs. */
    public Collection<ServiceSpec> specs() {
        return List.copyOf(specs.values());
    }

    /** The GPU ledger, for checks and status. */
    public GpuLedger ledger() {
        return ledger;
    }

    /** A probe of {@code key} (generation {@code generation}) reported load figures. */
    private synchronized void reportLoad(String key, int generation, ReplicaLoad load) {
        ReplicaRecord r = records.get(key);
        if (r == null || r.generation() != generation || !r.state().routable() && !isSuspect(r)) {
            return;
        }
        if (suspects.remove(key) != null) {
            LOG.info("replica answers probes again [replica={}, generation={}]", key, generation);
        }
        ServiceSpec spec = specs.get(r.service());
        ReplicaState s = spec != null && spec.maxQueue() > 0 && load.queued() >= spec.maxQueue()
                ? ReplicaState.OVERLOADED
                : ReplicaState.HEALTHY;
        if (s != r.state() || load.differsFrom(r.load())) {
            put(r.withLoad(load, s));
        }
    }

    /** Whether {@code r} is out of routing only because its worker missed a probe. */
    private boolean isSuspect(ReplicaRecord r) {
        return r.state() == ReplicaState.RECOVERING && suspects.containsKey(r.key());
    }

    /** The replicas of {@code service} the health probe asks about: those in routing and the suspects. */
    private List<ReplicaRecord> probeTargets(String service) {
        List<ReplicaRecord> out = new ArrayList<>();
        for (ReplicaRecord r : replicasOf(service)) {
            if (r.state().routable() || isSuspect(r)) {
                out.add(r);
            }
        }
        return out;
    }

    /**
     * The worker of a replica did not answer a probe in time: the first time the replica only leaves routing; the
     * second time in a row it fails (see {@link #replicaFailed}).
     */
    private synchronized void replicaUnresponsive(String key, int generation, String reason) {
        ReplicaRecord r = records.get(key);
        if (r == null || r.generation() != generation) {
            return;
        }
        if (isSuspect(r)) {
            replicaFailed(key, generation, reason + " (twice in a row)");
        } else if (r.state().routable()) {
            suspects.put(key, generation);
            put(r.withState(ReplicaState.RECOVERING, reason));
        }
    }

    /**
     * Takes a replica out of routing at once and schedules its restart (with backoff), or marks it
     * {@link ReplicaState#FAILED} when it used up its restarts.
     */
    private synchronized void replicaFailed(String key, int generation, String reason) {
        ReplicaRecord r = records.get(key);
        if (r == null
                || r.generation() != generation
                || !r.state().routable() && r.state() != ReplicaState.STARTING && !isSuspect(r)) {
            return;
        }
        suspects.remove(key);
        ServiceSpec spec = specs.get(r.service());
        if (spec == null || stopping.contains(r.service())) {
            return;
        }
        LOG.info("replica failed [replica={}, generation={}, reason={}]", key, generation, reason);
        CompletableFuture<Void> cancelled = deployer.cancel(r.ranks());
        boolean limitReached = r.restarts() >= spec.maxRestarts();
        if (limitReached) {
            put(r.withState(
                    ReplicaState.FAILED, reason + "; restart limit reached [maxRestarts=" + spec.maxRestarts() + "]"));
        } else {
            put(r.withState(ReplicaState.RECOVERING, reason));
        }
        long delay = Math.min(MAX_BACKOFF_MS, spec.restartBackoffMs() << Math.min(r.restarts(), 20));
        Runnable next = () -> {
            ledger.release(key + "#g");
            if (!limitReached) {
                exec.schedule(() -> restart(key, generation), delay, TimeUnit.MILLISECONDS);
            }
        };
        if (spec.withGpus()) {
            // A GPU is free only when the rank holding it is gone: a frozen or slow-to-stop rank may still use it.
            cancelled.whenComplete((v, t) -> exec.execute(next));
        } else {
            next.run();
        }
    }

    /** Starts the next generation of a recovering replica, on another worker when one fits. */
    private void restart(String key, int failedGeneration) {
        ReplicaRecord next;
        ServiceSpec spec;
        synchronized (this) {
            ReplicaRecord r = records.get(key);
            spec = r == null ? null : specs.get(r.service());
            if (r == null
                    || spec == null
                    || r.generation() != failedGeneration
                    || r.state() != ReplicaState.RECOVERING
                    || stopping.contains(r.service())) {
                return;
            }
            try {
                next = placeStarting(
                        spec, r.index(), r.generation() + 1, new HashSet<>(r.nodes()), r.restarts() + 1, r.lastError());
            } catch (InsufficientResourcesException e) {
                waiting.add(key);
                put(r.withState(ReplicaState.RECOVERING, "waiting for a worker that fits: " + e.getMessage()));
                return;
            }
            waiting.remove(key);
        }
        try {
            deployer.deploy(spec, next.index(), next.ranks()).join();
        } catch (RuntimeException e) {
            replicaFailed(key, next.generation(), "restart failed: " + describe(rootCause(e)));
            return;
        }
        synchronized (this) {
            ReplicaRecord cur = records.get(key);
            if (cur != null && cur.generation() == next.generation() && cur.state() == ReplicaState.STARTING) {
                put(cur.withState(ReplicaState.HEALTHY, null));
                LOG.info("replica restarted [replica={}, generation={}, node={}]", key, next.generation(), next.node());
            }
        }
    }

    private void nodeGone(UUID node) {
        ledger.releaseNode(node);
        for (ReplicaRecord r : List.copyOf(records.values())) {
            if (r.nodes().contains(node)) {
                replicaFailed(r.key(), r.generation(), "worker left the cluster [node=" + node + "]");
            }
        }
    }

    private void retryWaiting() {
        for (String key : List.copyOf(waiting)) {
            ReplicaRecord r = records.get(key);
            if (r != null) {
                restart(key, r.generation());
            }
        }
    }

    private Map<UUID, Integer> busy() {
        Map<UUID, Integer> busy = new HashMap<>();
        for (ReplicaRecord r : records.values()) {
            if (r.state() != ReplicaState.FAILED && r.state() != ReplicaState.STOPPED) {
                for (UUID n : r.nodes()) {
                    busy.merge(n, 1, Integer::sum);
                }
            }
        }
        return busy;
    }

    private static String owner(String service, int replica, int generation) {
        return ReplicaRecord.key(service, replica) + "#g" + generation;
    }

    /**
     * Places one generation of one replica (away from {@code avoid} when another worker fits) and writes its
     * {@link ReplicaState#STARTING} row: the one step first deployments and restarts share. Call holding the lock.
     *
     * @throws InsufficientResourcesException when no worker fits it now
     */
    private ReplicaRecord placeStarting(
            ServiceSpec spec, int index, int generation, Set<UUID> avoid, int restarts, String lastError) {
        List<RankSlot> slots = placer.place(spec, owner(spec.name(), index, generation), avoid, busy());
        ReplicaRecord r = new ReplicaRecord(
                spec.name(),
                index,
                generation,
                versions.incrementAndGet(),
                ReplicaState.STARTING,
                ReplicaDeployer.placements(spec, index, generation, slots),
                restarts,
                null,
                lastError);
        put(r);
        return r;
    }

    /** Has the monitor probe {@code spec}'s replicas that are in routing or suspect. */
    private void watch(ServiceSpec spec) {
        health.watch(spec, () -> probeTargets(spec.name()));
    }

    private void put(ReplicaRecord r) {
        ReplicaRecord versioned = new ReplicaRecord(
                r.service(),
                r.index(),
                r.generation(),
                versions.incrementAndGet(),
                r.state(),
                r.ranks(),
                r.restarts(),
                r.load(),
                r.lastError());
        records.put(r.key(), versioned);
        publish(r.key(), versioned);
    }

    private void remove(String key) {
        records.remove(key);
        publish(key, null);
    }

    /**
     * Writes a row change to the cache without waiting and pushes it to every node: a synchronous write to the
     * replicated cache would wait for a frozen worker until failure detection drops it, and the change that takes
     * that worker's replicas out of routing must not wait for that.
     */
    private void publish(String key, ReplicaRecord value) {
        try {
            ignite.message().send(ReplicaTableUpdate.TOPIC, new ReplicaTableUpdate(key, value));
        } catch (IgniteException e) {
            LOG.debug("could not push a replica table change [key={}]", key, e);
        }
        if (value == null) {
            table.removeAsync(key);
        } else {
            table.putAsync(key, value);
        }
    }

    /**
     * The failure that explains {@code t}: the first exception outside Ignite found through causes and suppressed
     * exceptions (Ignite reports a failed service {@code init()} as a suppressed exception of its deployment
     * exception), else the deepest cause.
     */
    static Throwable rootCause(Throwable t) {
        Throwable user = userCause(t, 0);
        if (user != null) {
            return user;
        }
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c;
    }

    /** {@code class: message} of a failure; for an actor that failed to start, the actor's own exception. */
    static String describe(Throwable root) {
        return root instanceof RankStartException r
                ? r.actorFailure()
                : root.getClass().getName() + ": " + root.getMessage();
    }

    private static Throwable userCause(Throwable t, int depth) {
        if (t == null || depth > 20) {
            return null;
        }
        if (!t.getClass().getName().startsWith("org.apache.ignite.") && !(t instanceof CompletionException)) {
            return t;
        }
        Throwable c = userCause(t.getCause() == t ? null : t.getCause(), depth + 1);
        if (c != null) {
            return c;
        }
        for (Throwable s : t.getSuppressed()) {
            c = userCause(s, depth + 1);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void close() {
        ignite.events().stopLocalListen(topologyListener);
        exec.shutdownNow();
    }

    /** Turns the health monitor's verdicts into the controller's replica transitions. */
    private final class ProbeVerdicts implements ReplicaHealthListener {
        @Override
        public void answered(String key, int generation, ReplicaLoad load) {
            reportLoad(key, generation, load);
        }

        @Override
        public void missedProbe(String key, int generation, String reason) {
            replicaUnresponsive(key, generation, reason);
        }

        @Override
        public void unhealthy(String key, int generation, String reason) {
            replicaFailed(key, generation, reason);
        }
    }
}
