package dev.anvil.worker.replica;

import dev.anvil.internal.node.NodeLocalKey;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ranks this worker hosts, by name: started and stopped by the head's tasks, and all stopped with the worker.
 *
 * <p>Why plain compute tasks and not Ignite services: in Ignite 2.17 a service whose cancel crosses a deployment (or
 * a node-left redeployment) that ends with no instance makes every node hit a NullPointerException in
 * {@code IgniteServiceProcessor.removeFromServicesMap}; server nodes halt and clients lose their deployment thread.
 * A worker's own map of ranks has no such race, and nothing else of Ignite's service grid was used: calls already
 * reach ranks through compute tasks and {@code LocalReplicas}.
 */
public final class RankHosts {
    private static final Logger LOG = LoggerFactory.getLogger(RankHosts.class);
    private static final NodeLocalKey<RankHosts> KEY = new NodeLocalKey<>("anvil.rank-hosts", RankHosts.class);

    private final Ignite ignite;
    private final ConcurrentMap<String, RankHost> ranks = new ConcurrentHashMap<>();

    private RankHosts(Ignite ignite) {
        this.ignite = ignite;
    }

    /** The ranks of {@code ignite}'s node. */
    public static RankHosts of(Ignite ignite) {
        return KEY.findOrRegister(ignite, () -> new RankHosts(ignite));
    }

    /** Starts {@code rank} here unless a rank of that name runs already; throws what its actor threw. */
    void start(String name, RankHost rank) throws Exception {
        if (ranks.containsKey(name)) {
            return;
        }
        try {
            rank.start(ignite);
        } catch (Exception | Error e) {
            rank.stop(); // what the failed start made (its executor) goes too
            throw e;
        }
        if (ranks.putIfAbsent(name, rank) != null) {
            rank.stop(); // the same start twice at once: the first one stays
        }
    }

    /** Stops rank {@code name}; whether it ran here. */
    boolean stop(String name) {
        RankHost rank = ranks.remove(name);
        if (rank == null) {
            return false;
        }
        rank.stop();
        return true;
    }

    /** The names of the ranks running here. */
    public Set<String> names() {
        return Set.copyOf(ranks.keySet());
    }

    /** Stops every rank (the worker is stopping), each rank's {@code cleanup()} included. */
    public void stopAll() {
        for (String name : List.copyOf(ranks.keySet())) {
            try {
                stop(name);
            } catch (RuntimeException e) {
                LOG.warn("a rank failed to stop with its worker [rank={}]", name, e);
            }
        }
    }
}
