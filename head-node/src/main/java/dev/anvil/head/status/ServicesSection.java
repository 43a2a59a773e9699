package dev.anvil.head.status;

import dev.anvil.head.autoscale.AutoscaleState;
import dev.anvil.head.autoscale.AutoscaleStates;
import dev.anvil.internal.registry.RankPlacement;
import dev.anvil.internal.registry.ReplicaLoad;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.internal.registry.ServiceSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/**
 * The services section of {@code anvil status}: read from the replica table and the service specs, so it works from
 * the head and from a short-lived CLI client alike.
 */
public final class ServicesSection {
    private ServicesSection() {}

    /** The services deployed in the cluster {@code ignite} belongs to, by name. */
    public static List<ServiceSummary> services(Ignite ignite) {
        if (!ignite.cacheNames().contains(ServiceCaches.REPLICAS)) {
            return List.of();
        }
        Map<String, String> actorClasses = new TreeMap<>();
        if (ignite.cacheNames().contains(ServiceCaches.SERVICES)) {
            IgniteCache<String, ServiceSpec> specs = ignite.cache(ServiceCaches.SERVICES);
            for (Cache.Entry<String, ServiceSpec> e : specs) {
                actorClasses.put(e.getKey(), e.getValue().actorClass());
            }
        }
        Map<String, List<ReplicaRecord>> byService = new TreeMap<>();
        IgniteCache<String, ReplicaRecord> table = ignite.cache(ServiceCaches.REPLICAS);
        for (Cache.Entry<String, ReplicaRecord> e : table) {
            byService
                    .computeIfAbsent(e.getValue().service(), k -> new ArrayList<>())
                    .add(e.getValue());
        }
        Map<String, AutoscaleState> autoscale = AutoscaleStates.read(ignite);
        IgniteCache<String, Integer> sessions =
                ignite.cacheNames().contains(ServiceCaches.SESSIONS) ? ignite.cache(ServiceCaches.SESSIONS) : null;
        List<ServiceSummary> out = new ArrayList<>();
        for (Map.Entry<String, List<ReplicaRecord>> s : byService.entrySet()) {
            List<ReplicaSummary> replicas = new ArrayList<>();
            s.getValue().sort(Comparator.comparingInt(ReplicaRecord::index));
            for (ReplicaRecord r : s.getValue()) {
                replicas.add(summary(r));
            }
            out.add(new ServiceSummary(
                    s.getKey(),
                    actorClasses.getOrDefault(s.getKey(), "?"),
                    replicas,
                    sessions == null ? 0 : ServiceCaches.countSessions(sessions, s.getKey()),
                    autoscale.get(s.getKey())));
        }
        return out;
    }

    private static ReplicaSummary summary(ReplicaRecord r) {
        List<ReplicaSummary.RankSummary> ranks = new ArrayList<>();
        for (RankPlacement p : r.ranks()) {
            // Replicas reserve GPUs only; CPUs are shared, so none count as held.
            ranks.add(new ReplicaSummary.RankSummary(p.rank(), String.valueOf(p.nodeId()), p.gpus(), 0));
        }
        ReplicaLoad l = r.load();
        return new ReplicaSummary(
                r.index(),
                r.state().name(),
                ranks,
                new ReplicaSummary.Stats(
                        r.generation(),
                        r.restarts(),
                        l.inFlight(),
                        l.queued(),
                        l.requests(),
                        l.failures(),
                        l.meanLatencyMs(),
                        r.lastError(),
                        l.latencyBuckets(),
                        l.latencySumSeconds()));
    }
}
