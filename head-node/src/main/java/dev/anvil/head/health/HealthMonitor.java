package dev.anvil.head.health;

import dev.anvil.internal.calls.ProbeReport;
import dev.anvil.internal.calls.ProbeTask;
import dev.anvil.internal.node.IgniteConfigFactory;
import dev.anvil.internal.registry.RankPlacement;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;

/**
 * The active health probe: every {@code healthCheckPeriod} it asks each worker hosting a service's replicas to run
 * their {@code checkHealth()} and report their load, within {@code healthCheckTimeout}. A rank that reports unhealthy
 * fails its replica at once; a worker that does not answer in time (frozen, partitioned, or just very busy) takes its
 * replicas out of routing at once, and they are restarted if it misses the next probe too. The monitor only reports
 * what it saw to its {@link ReplicaHealthListener}; which replicas to probe is given with each {@link #watch}.
 */
public final class HealthMonitor {
    private final Ignite ignite;
    private final ScheduledExecutorService exec;
    private final ReplicaHealthListener listener;
    private final Map<String, ScheduledFuture<?>> tasks = new ConcurrentHashMap<>();
    /** {@code service/node} pairs with a probe still out: never two probes of the same worker at once. */
    private final Set<String> outstanding = ConcurrentHashMap.newKeySet();

    /** Creates the monitor; probes run on {@code exec}, verdicts go to {@code listener}. */
    public HealthMonitor(Ignite ignite, ScheduledExecutorService exec, ReplicaHealthListener listener) {
        this.ignite = ignite;
        this.exec = exec;
        this.listener = listener;
    }

    /**
     * Starts probing {@code spec}'s replicas every {@code healthCheckPeriod}. The set changes as replicas fail and
     * restart, so {@code targets} is asked afresh before each round (its owner decides who is worth probing).
     */
    public void watch(ServiceSpec spec, Supplier<List<ReplicaRecord>> targets) {
        long period = spec.healthCheckPeriodMs();
        tasks.computeIfAbsent(
                spec.name(),
                n -> exec.scheduleAtFixedRate(() -> probe(spec, targets.get()), period, period, TimeUnit.MILLISECONDS));
    }

    /** Stops probing {@code service}. */
    public void unwatch(String service) {
        ScheduledFuture<?> t = tasks.remove(service);
        if (t != null) {
            t.cancel(false);
        }
    }

    private void probe(ServiceSpec spec, List<ReplicaRecord> targets) {
        Map<UUID, List<ReplicaRecord>> byNode = new LinkedHashMap<>();
        for (ReplicaRecord r : targets) {
            for (UUID n : r.nodes()) {
                List<ReplicaRecord> l = byNode.computeIfAbsent(n, k -> new ArrayList<>());
                if (!l.contains(r)) {
                    l.add(r);
                }
            }
        }
        for (Map.Entry<UUID, List<ReplicaRecord>> e : byNode.entrySet()) {
            probeNode(spec, e.getKey(), e.getValue());
        }
    }

    private void probeNode(ServiceSpec spec, UUID node, List<ReplicaRecord> replicas) {
        String slot = spec.name() + "/" + node;
        if (!outstanding.add(slot)) {
            return;
        }
        List<String> names = new ArrayList<>();
        for (ReplicaRecord r : replicas) {
            for (RankPlacement p : r.ranks()) {
                if (p.nodeId().equals(node)) {
                    names.add(p.rankName());
                }
            }
        }
        long timeout = spec.healthCheckTimeoutMs();
        try {
            ignite.compute(ignite.cluster().forNodeId(node))
                    .withExecutor(IgniteConfigFactory.CONTROL_EXECUTOR)
                    .withNoFailover()
                    .withTimeout(timeout)
                    .callAsync(new ProbeTask(names.toArray(String[]::new), Math.max(1, timeout * 4 / 5)))
                    .listen(f -> {
                        outstanding.remove(slot);
                        try {
                            judge(node, replicas, f.get());
                        } catch (RuntimeException ex) {
                            unresponsive(replicas, "worker did not answer the health probe: " + ex.getMessage());
                        }
                    });
        } catch (IgniteException ex) {
            outstanding.remove(slot);
            unresponsive(replicas, "worker did not answer the health probe: " + ex.getMessage());
        }
    }

    private void judge(UUID node, List<ReplicaRecord> replicas, List<ProbeReport> reports) {
        Map<String, ProbeReport> byName = new HashMap<>();
        reports.forEach(p -> byName.put(p.rankName(), p));
        for (ReplicaRecord r : replicas) {
            String problem = null;
            for (RankPlacement p : r.ranks()) {
                ProbeReport rep = byName.get(p.rankName());
                if (p.nodeId().equals(node) && (rep == null || !rep.healthy())) {
                    problem = "rank " + p.rank() + " unhealthy: " + (rep == null ? "no report" : rep.error());
                }
            }
            if (problem != null) {
                listener.unhealthy(r.key(), r.generation(), problem);
            } else if (r.rank0().nodeId().equals(node)) {
                listener.answered(
                        r.key(),
                        r.generation(),
                        byName.get(r.rank0().rankName()).load());
            }
        }
    }

    private void unresponsive(List<ReplicaRecord> replicas, String reason) {
        for (ReplicaRecord r : replicas) {
            listener.missedProbe(r.key(), r.generation(), reason);
        }
    }

    /** Waits until {@code replicas} have no call running or queued, or {@code graceMs} passed. */
    public void drain(List<ReplicaRecord> replicas, long graceMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(graceMs);
        while (System.nanoTime() < deadline && busy(replicas)) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private boolean busy(List<ReplicaRecord> replicas) {
        Map<UUID, List<String>> byNode = new HashMap<>();
        for (ReplicaRecord r : replicas) {
            byNode.computeIfAbsent(r.rank0().nodeId(), k -> new ArrayList<>())
                    .add(r.rank0().rankName());
        }
        for (Map.Entry<UUID, List<String>> e : byNode.entrySet()) {
            if (ignite.cluster().node(e.getKey()) == null) {
                continue;
            }
            try {
                List<ProbeReport> reps = ignite.compute(ignite.cluster().forNodeId(e.getKey()))
                        .withExecutor(IgniteConfigFactory.CONTROL_EXECUTOR)
                        .withNoFailover()
                        .withTimeout(2_000)
                        .call(new ProbeTask(e.getValue().toArray(String[]::new), 1));
                for (ProbeReport p : reps) {
                    if (p.load().inFlight() + p.load().queued() > 0) {
                        return true;
                    }
                }
            } catch (IgniteException ex) {
                // An unreachable worker has nothing to drain.
            }
        }
        return false;
    }
}
