package dev.anvil.head.placement;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.cache.Cache;
import org.apache.ignite.IgniteCache;

/**
 * Which rank owns which GPU of which worker. A GPU index is handed to at most one live rank: it is taken when a rank
 * is placed and given back only when that rank's replica is stopped, restarted elsewhere or its node is gone. Mirrored
 * into a cache so a restarted head knows what is taken; written without waiting, since a synchronous write to the
 * replicated cache waits for a frozen worker.
 */
public final class GpuLedger {
    private final IgniteCache<String, String> cache;
    private final Map<UUID, Map<Integer, String>> owners = new HashMap<>();

    /** Creates the ledger over {@code cache} (key {@code node/gpu}, value owner), loading what it holds. */
    public GpuLedger(IgniteCache<String, String> cache) {
        this.cache = cache;
        for (Cache.Entry<String, String> e : cache) {
            int slash = e.getKey().indexOf('/');
            owners.computeIfAbsent(UUID.fromString(e.getKey().substring(0, slash)), k -> new HashMap<>())
                    .put(Integer.parseInt(e.getKey().substring(slash + 1)), e.getValue());
        }
    }

    /** GPUs of {@code node} (listed in {@code all}) that no rank owns. */
    public synchronized List<Integer> free(UUID node, List<Integer> all) {
        Map<Integer, String> taken = owners.getOrDefault(node, Map.of());
        List<Integer> free = new ArrayList<>();
        for (Integer g : all) {
            if (!taken.containsKey(g)) {
                free.add(g);
            }
        }
        return free;
    }

    /** Takes {@code count} of the free GPUs {@code all} of {@code node} for {@code owner}; {@code null} if too few. */
    public synchronized List<Integer> take(UUID node, List<Integer> all, int count, String owner) {
        List<Integer> free = free(node, all);
        if (free.size() < count) {
            return null;
        }
        List<Integer> got = new ArrayList<>(free.subList(0, count));
        Map<Integer, String> taken = owners.computeIfAbsent(node, k -> new HashMap<>());
        for (Integer g : got) {
            taken.put(g, owner);
            cache.putAsync(node + "/" + g, owner);
        }
        return got;
    }

    /** Gives back every GPU whose owner starts with {@code ownerPrefix}. */
    public synchronized void release(String ownerPrefix) {
        for (Map.Entry<UUID, Map<Integer, String>> n : owners.entrySet()) {
            n.getValue().entrySet().removeIf(e -> {
                if (e.getValue().startsWith(ownerPrefix)) {
                    cache.removeAsync(n.getKey() + "/" + e.getKey());
                    return true;
                }
                return false;
            });
        }
    }

    /** Forgets every GPU of a node that left the cluster. */
    public synchronized void releaseNode(UUID node) {
        Map<Integer, String> taken = owners.remove(node);
        if (taken != null) {
            taken.keySet().forEach(g -> cache.removeAsync(node + "/" + g));
        }
    }

    /** The owner of each taken GPU, by node: a copy, for checks and status. */
    public synchronized Map<UUID, Map<Integer, String>> snapshot() {
        Map<UUID, Map<Integer, String>> copy = new HashMap<>();
        owners.forEach((k, v) -> copy.put(k, new HashMap<>(v)));
        return copy;
    }
}
