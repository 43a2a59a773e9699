package dev.anvil.head.services;

import dev.anvil.head.placement.RankSlot;
import dev.anvil.internal.registry.RankPlacement;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.worker.replica.StartRankTask;
import dev.anvil.worker.replica.StopRanksTask;
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
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.IgniteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops placed ranks on their workers ({@code dev.anvil.worker.replica.RankHosts}), each under a unique
 * name, through compute tasks sent to the one worker the placer chose, never failed over to another.
 *
 * <p>A rank is never stopped while its start is still in flight: the stop would find nothing and the start would then
 * leave a rank nobody knows. A stop waits for that start's answer first (bounded).
 */
final class ReplicaDeployer {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaDeployer.class);
    /** How long a stop waits for the rank's start to answer; a worker answers, or leaves and fails the start. */
    static final long START_SETTLE_MS = 120_000;
    /** How long a stop may take once sent: the actor's {@code cleanup()} runs in it. */
    private static final long STOP_WAIT_MS = 60_000;

    private final Ignite ignite;
    /** Starts in flight, by rank name. */
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    ReplicaDeployer(Ignite ignite) {
        this.ignite = ignite;
    }

    /** The unique name of one rank of one generation of one replica. */
    static String rankName(String service, int replica, int generation, int rank) {
        return "anvil." + service + "." + replica + ".g" + generation + ".r" + rank;
    }

    /** The rank placements of {@code slots}, with their names. */
    static List<RankPlacement> placements(ServiceSpec spec, int replica, int generation, List<RankSlot> slots) {
        List<RankPlacement> out = new ArrayList<>();
        for (RankSlot s : slots) {
            out.add(new RankPlacement(
                    s.rank(), s.node(), rankName(spec.name(), replica, generation, s.rank()), s.gpus()));
        }
        return out;
    }

    /**
     * Starts every rank; the future fails, once every rank answered, with the first failure ({@link RankStartException}
     * when an actor's constructor or {@code setup()} threw).
     */
    CompletableFuture<Void> deploy(ServiceSpec spec, int replica, List<RankPlacement> ranks) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (RankPlacement r : ranks) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            inFlight.put(r.rankName(), f);
            f.whenComplete((v, t) -> inFlight.remove(r.rankName(), f));
            try {
                on(r.nodeId())
                        .callAsync(new StartRankTask(spec, r.rankName(), replica, r.rank(), r.gpus()))
                        .listen(done -> {
                            try {
                                String failure = done.get();
                                if (failure == null) {
                                    f.complete(null);
                                } else {
                                    f.completeExceptionally(new RankStartException(spec.name(), failure));
                                }
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
     * Stops the ranks of {@code ranks}; the future completes when every rank on a live worker has stopped (a rank on
     * a worker that left went with it).
     */
    CompletableFuture<Void> cancel(List<RankPlacement> ranks) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (RankPlacement r : ranks) {
            CompletableFuture<Void> f = new CompletableFuture<>();
            started(r).whenComplete((v, t) -> {
                try {
                    on(r.nodeId())
                            .runAsync(new StopRanksTask(List.of(r.rankName())))
                            .listen(done -> {
                                f.complete(null);
                            });
                } catch (IgniteException e) {
                    f.complete(null); // its worker left, and the rank with it
                }
            });
            all.add(f);
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    /** Stops {@code ranks} and waits (bounded), for shutdown and failed deployments. */
    void cancelAndWait(List<RankPlacement> ranks) {
        try {
            cancel(ranks).get(START_SETTLE_MS + STOP_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // each rank's stop completes normally
        } catch (TimeoutException e) {
            LOG.warn("ranks did not stop within {} ms [ranks={}]", START_SETTLE_MS + STOP_WAIT_MS, ranks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Completes once rank {@code r}'s start (if one is in flight) has answered, or after {@link #START_SETTLE_MS}. */
    private CompletableFuture<Void> started(RankPlacement r) {
        CompletableFuture<Void> f = inFlight.get(r.rankName());
        return f == null
                ? CompletableFuture.completedFuture(null)
                : f.handle((v, t) -> (Void) null).completeOnTimeout(null, START_SETTLE_MS, TimeUnit.MILLISECONDS);
    }

    /** Compute on worker {@code node} alone: a task for one worker must never run on another. */
    private IgniteCompute on(UUID node) {
        return ignite.compute(ignite.cluster().forNodeId(node)).withNoFailover();
    }

    /** Whether {@code node} is still in the cluster. */
    boolean alive(UUID node) {
        return ignite.cluster().node(node) != null;
    }
}
