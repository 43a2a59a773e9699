package dev.anvil.head.autoscale;

import dev.anvil.head.services.ServiceController;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.sdk.InsufficientResourcesException;
import dev.anvil.sdk.ReplicaState;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies each autoscaled service's {@link AutoscalePolicy} on the head: every {@link #TICK_MS} it sums the load the
 * replicas last reported (ongoing plus queued calls, from the health probes), asks the policy (which averages it over
 * its look-back window) for a target, and moves
 * the service towards it one step at a time through the {@link ServiceController}: adds a replica (placement decides
 * where, within the cluster's GPUs and workers), or drains the highest-index replica and removes it. A replica that
 * fits nowhere is retried on the next tick, and the reason is published in the service's {@link AutoscaleState}.
 */
public final class Autoscaler implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Autoscaler.class);
    /** How often load is looked at; probes refresh it every health-check period. */
    static final long TICK_MS = 200;

    private final ServiceController services;
    private final IgniteCache<String, String> published;
    private final ScheduledExecutorService ticks;
    /** Runs the slow steps (a deployment, a drain) so the tick never waits for them. */
    private final ExecutorService steps;

    private final Map<String, AutoscalePolicy> policies = new ConcurrentHashMap<>();
    private final Map<String, AutoscaleState> states = new ConcurrentHashMap<>();
    private final Map<String, String> blocked = new ConcurrentHashMap<>();
    /** Services with a step in progress: one step at a time per service. */
    private final Set<String> stepping = ConcurrentHashMap.newKeySet();

    private Autoscaler(Ignite ignite, ServiceController services) {
        this.services = services;
        this.published = AutoscaleStates.cache(ignite);
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "anvil-autoscaler"));
        this.steps = Executors.newCachedThreadPool(r -> daemon(r, "anvil-autoscale-step"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Starts autoscaling the services of {@code services} on the head {@code ignite}. */
    public static Autoscaler start(Ignite ignite, ServiceController services) {
        Autoscaler a = new Autoscaler(ignite, services);
        a.ticks.scheduleWithFixedDelay(a::tickSafely, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        return a;
    }

    /** The state of every autoscaled service, by name (for metrics and status on the head). */
    public Map<String, AutoscaleState> states() {
        return Map.copyOf(states);
    }

    private void tickSafely() {
        try {
            tick(System.currentTimeMillis());
        } catch (RuntimeException e) {
            LOG.warn("autoscaler tick failed", e);
        }
    }

    void tick(long nowMs) {
        Set<String> live = ConcurrentHashMap.newKeySet();
        for (ServiceSpec spec : services.specs()) {
            if (!spec.autoscaled()) {
                continue;
            }
            live.add(spec.name());
            if (!services.scalable(spec.name())) {
                continue; // still deploying its first replicas, or stopping
            }
            AutoscalePolicy policy = policies.computeIfAbsent(
                    spec.name(),
                    n -> new AutoscalePolicy(
                            spec.minReplicas(),
                            spec.maxReplicas(),
                            spec.targetOngoingRequests(),
                            spec.upscaleDelayMs(),
                            spec.downscaleDelayMs()));
            step(spec, policy, nowMs);
        }
        for (String gone : Set.copyOf(policies.keySet())) {
            if (!live.contains(gone)) {
                policies.remove(gone);
                states.remove(gone);
                blocked.remove(gone);
                published.removeAsync(gone);
            }
        }
    }

    private void step(ServiceSpec spec, AutoscalePolicy policy, long nowMs) {
        List<ReplicaRecord> current = services.replicasOf(spec.name()).stream()
                .filter(r -> r.state() != ReplicaState.STOPPED && r.state() != ReplicaState.FAILED)
                .toList();
        double load = 0;
        for (ReplicaRecord r : current) {
            if (r.state().routable()) {
                load += r.load().inFlight() + r.load().queued();
            }
        }
        int target = policy.decide(load, nowMs);
        int n = current.size();
        String reason = blocked.get(spec.name());
        if (n == target) {
            reason = policy.wanted() > policy.max()
                    ? "at max: the load asks for " + policy.wanted() + " replicas [max=" + policy.max() + "]"
                    : null;
            blocked.remove(spec.name());
        }
        AutoscaleState s = new AutoscaleState(
                spec.name(),
                policy.min(),
                policy.max(),
                n,
                target,
                policy.targetOngoingRequests(),
                n == 0 ? 0 : policy.meanLoad() / n,
                reason,
                nowMs);
        AutoscaleState before = states.put(spec.name(), s);
        if (before == null || changed(before, s)) {
            AutoscaleStates.write(published, s);
        }
        if (n == target || !stepping.add(spec.name())) {
            return;
        }
        if (n < target) {
            steps.execute(() -> grow(spec.name()));
        } else {
            ReplicaRecord last = current.stream()
                    .filter(r -> r.state().routable())
                    .max(Comparator.comparingInt(ReplicaRecord::index))
                    .orElse(null);
            if (last == null) {
                stepping.remove(spec.name());
                return;
            }
            steps.execute(() -> shrink(spec.name(), last.index()));
        }
    }

    private static boolean changed(AutoscaleState a, AutoscaleState b) {
        return a.current() != b.current()
                || a.target() != b.target()
                || !java.util.Objects.equals(a.reason(), b.reason())
                || Math.abs(a.meanOngoingRequests() - b.meanOngoingRequests()) > 0.01;
    }

    private void grow(String service) {
        try {
            ReplicaRecord r = services.addReplica(service);
            if (r != null) {
                blocked.remove(service);
                LOG.info("scaled up [service={}, replica={}]", service, r.index());
            }
        } catch (InsufficientResourcesException e) {
            blocked.put(service, "cannot add a replica: " + e.getMessage());
        } catch (RuntimeException e) {
            blocked.put(service, "adding a replica failed: " + e.getMessage());
            LOG.warn("scale up failed [service={}]", service, e);
        } finally {
            stepping.remove(service);
        }
    }

    private void shrink(String service, int index) {
        try {
            if (services.drainAndRemove(service, index)) {
                LOG.info("scaled down [service={}, replica={}]", service, index);
            }
        } catch (RuntimeException e) {
            LOG.warn("scale down failed [service={}, replica={}]", service, index, e);
        } finally {
            stepping.remove(service);
        }
    }

    @Override
    public void close() {
        ticks.shutdownNow();
        steps.shutdownNow();
    }
}
