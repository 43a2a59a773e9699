package dev.anvil.head.services;

import dev.anvil.head.placement.RankSlot;
import dev.anvil.internal.registry.RankPlacement;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.worker.replica.ReplicaService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns placed ranks into Ignite services: each rank is its own uniquely named node singleton, deployed dynamically
 * on the one worker the placer chose (static service configuration with node filters is broken in Ignite 2.17).
 *
 * <p>A rank is never cancelled while its deployment is still in flight. In Ignite 2.17 a deployment that ends with no
 * instance anywhere (its {@code init()} threw, say because the job that owned the actor's code ended) removes the
 * service from the processor's maps when its result arrives; if a cancel already removed it, every node hits a
 * NullPointerException in {@code IgniteServiceProcessor.removeFromServicesMap}: server nodes halt and clients lose
 * their service deployment thread (their next deploy hangs). Waiting for the deployment's own result first makes the
 * cancel come after it on every node (both travel through discovery, in one order).
 */
final class ReplicaDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaDeployer.class);
    /** How long a cancel waits for the rank's deployment to finish; Ignite ends a deployment once its node answers or leaves. */
    static final long DEPLOYMENT_SETTLE_MS = 120_000;

    private final Ignite ignite;
    /** Deployments in flight, by Ignite service name. */
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

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
            inFlight.put(r.igniteService(), f);
            f.whenComplete((v, t) -> inFlight.remove(r.igniteService(), f));
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
            CompletableFuture<Void> f = new CompletableFuture<>();
            deployed(r).whenComplete((v, t) -> {
                if (!alive(r.nodeId())) {
                    f.complete(null);
                    return;
                }
                try {
                    ignite.services().cancelAsync(r.igniteService()).listen(done -> f.complete(null));
                } catch (IgniteException e) {
                    // Already gone with its node.
                    f.complete(null);
                }
            });
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Cancels and waits (bounded by Ignite), for shutdown and failed deployments. */
    void cancelAndWait(List<RankPlacement> ranks) {
        for (RankPlacement r : ranks) {
            try {
                deployed(r).get(DEPLOYMENT_SETTLE_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                // A failed deployment has settled too.
            } catch (TimeoutException e) {
                LOG.warn(
                        "a replica's deployment did not finish within {} ms; cancelling it anyway [service={}]",
                        DEPLOYMENT_SETTLE_MS,
                        r.igniteService());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
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

    /** Completes once rank {@code r}'s deployment (if one is in flight) has finished, failed or not. */
    private CompletableFuture<Void> deployed(RankPlacement r) {
        CompletableFuture<Void> f = inFlight.get(r.igniteService());
        return f == null ? CompletableFuture.completedFuture(null) : f.handle((v, t) -> null);
    }

    /** Whether {@code node} is still in the cluster. */
    boolean alive(UUID node) {
        return ignite.cluster().node(node) != null;
    }
}
