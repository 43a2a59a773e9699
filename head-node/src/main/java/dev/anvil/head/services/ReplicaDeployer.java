package dev.anvil.head.services;

import dev.anvil.head.placement.RankSlot;
import dev.anvil.internal.registry.RankPlacement;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.worker.replica.ReplicaService;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterGroup;

/**
 * Turns placed ranks into Ignite services: each rank is its own uniquely named node singleton, deployed dynamically
 * on the one worker the placer chose (static service configuration with node filters is broken in Ignite 2.17).
 */
final class ReplicaDeployer {
    private final Ignite ignite;

    ReplicaDeployer(Ignite ignite) {
        this.ignite = ignite;
    }

    /** The Ignite service name of one rank of one generation of one replica. */
    static String igniteServiceName(String service, int replica, int generation, int rank) {
        return "anvil." + service + "." + replica + ".g" + generation + ".r" + rank;
    }

    /** The rank placements of {@code slots}, with their Ignite service names. */
    static List<RankPlacement> placements(ServiceSpec spec, int replica, int generation, List<RankSlot> slots) {
        List<RankPlacement> out = new ArrayList<>();
        for (RankSlot s : slots) {
            out.add(new RankPlacement(
                    s.rank(), s.node(), igniteServiceName(spec.name(), replica, generation, s.rank()), s.gpus()));
        }
        return out;
    }

    /** Deploys every rank; the future fails with the first rank's failure (e.g. its constructor threw). */
    CompletableFuture<Void> deploy(ServiceSpec spec, int replica, List<RankPlacement> ranks) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (RankPlacement r : ranks) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            try {
                ClusterGroup one = ignite.cluster().forNodeId(r.nodeId());
                ignite.services(one)
                        .deployNodeSingletonAsync(
                                r.igniteService(),
                                new ReplicaService(spec, r.igniteService(), replica, r.rank(), r.gpus()))
                        .listen(done -> {
                            try {
                                done.get();
                                f.complete(null);
                            } catch (RuntimeException e) {
                                f.completeExceptionally(e);
                            }
                        });
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /**
     * Cancels the Ignite services of {@code ranks}; the future completes when every live rank is cancelled (for a
     * frozen worker: when failure detection drops it, which cancels its services too). Ranks whose node left
     * are skipped: Ignite removes a service with no node left by itself, and cancelling it at the same time races with
     * that removal inside Ignite 2.17 (a NullPointerException in its service processor that halts the node).
     */
    CompletableFuture<Void> cancel(List<RankPlacement> ranks) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (RankPlacement r : ranks) {
            if (!alive(r.nodeId())) {
                continue;
            }
            CompletableFuture<Void> f = new CompletableFuture<>();
            try {
                ignite.services().cancelAsync(r.igniteService()).listen(done -> f.complete(null));
            } catch (IgniteException e) {
                // Already gone with its node.
                f.complete(null);
            }
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Cancels and waits (bounded by Ignite), for shutdown and failed deployments. */
    void cancelAndWait(List<RankPlacement> ranks) {
        List<String> names = ranks.stream()
                .filter(r -> alive(r.nodeId()))
                .map(RankPlacement::igniteService)
                .toList();
        try {
            ignite.services().cancelAll(names);
        } catch (IgniteException e) {
            // A node that left took its services with it.
        }
    }

    /** Whether {@code node} is still in the cluster. */
    boolean alive(UUID node) {
        return ignite.cluster().node(node) != null;
    }
}
