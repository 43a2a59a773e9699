package dev.anvil.internal.weights;

import dev.anvil.internal.blobs.BlobHolders;
import dev.anvil.internal.blobs.BlobTransfer;
import dev.anvil.internal.node.NodeLocalKey;
import dev.anvil.internal.state.StateCaches;
import dev.anvil.internal.state.StateStats;
import dev.anvil.sdk.StateUnavailableException;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;

/** Opens weight stores by name; every process opening a name sees the same versions. */
public final class WeightStores {
    private static final String PREFIX = "anvil-weights-";
    private static final String MANIFESTS = "-manifests";

    /** Keys of the holders as each node sees them, shared by its stores (one connection pool per node). */
    private static final NodeLocalKey<BlobHolders> SHARED_HOLDERS =
            new NodeLocalKey<>("anvil.blobs.holders.shared", BlobHolders.class);

    private static final NodeLocalKey<BlobHolders> TCP_HOLDERS =
            new NodeLocalKey<>("anvil.blobs.holders.tcp", BlobHolders.class);

    private WeightStores() {}

    /**
     * The node's holders, kept in its node-local map: they live and go with the node. (A static map keyed by the node
     * kept every node that ever opened a store reachable, and with it its whole Ignite instance, after it stopped.)
     */
    private static BlobHolders holders(Ignite ignite, boolean sharedMemory) {
        return (sharedMemory ? SHARED_HOLDERS : TCP_HOLDERS)
                .findOrRegister(ignite, () -> new BlobHolders(ignite, sharedMemory));
    }

    /** Name of the manifest cache of store {@code store}. */
    public static String manifestCache(String store) {
        return PREFIX + store + MANIFESTS;
    }

    /** The store whose manifest cache is {@code cacheName}, or {@code null} when it is not a manifest cache. */
    public static String storeOf(String cacheName) {
        if (!cacheName.startsWith(PREFIX)
                || !cacheName.endsWith(MANIFESTS)
                || cacheName.length() <= PREFIX.length() + MANIFESTS.length()) {
            return null;
        }
        return cacheName.substring(PREFIX.length(), cacheName.length() - MANIFESTS.length());
    }

    /**
     * What each weight store of the cluster holds, by name: its newest committed version, how many versions it keeps,
     * and the bytes of the newest one. Read from the manifests only (no blob is touched).
     */
    public static java.util.List<StoreFigures> figures(Ignite ignite) {
        java.util.List<StoreFigures> out = new java.util.ArrayList<>();
        for (String cacheName : new java.util.TreeSet<>(ignite.cacheNames())) {
            String store = storeOf(cacheName);
            if (store == null) {
                continue;
            }
            org.apache.ignite.IgniteCache<Long, Manifest> manifests = ignite.cache(cacheName);
            long latest = -1;
            long bytes = 0;
            int versions = 0;
            for (javax.cache.Cache.Entry<Long, Manifest> e : manifests) {
                if (!e.getValue().committed()) {
                    continue;
                }
                versions++;
                if (e.getKey() > latest) {
                    latest = e.getKey();
                    bytes = java.util.Arrays.stream(e.getValue().sizes()).sum();
                }
            }
            out.add(new StoreFigures(store, latest, versions, bytes));
        }
        return out;
    }

    /**
     * What one weight store holds.
     *
     * @param name the store
     * @param latestVersion its newest committed version, -1 when none
     * @param versions committed versions it keeps
     * @param latestBytes bytes of the newest version
     */
    public record StoreFigures(String name, long latestVersion, int versions, long latestBytes) {}

    /** Opens (creating when needed) the store {@code name}. */
    public static WeightStore open(Ignite ignite, String name, WeightStoreConfig cfg) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "weight store name must be 1-100 letters, digits, '.', '_' or '-' [name=" + name + "]");
        }
        if (cfg == null) {
            throw new IllegalArgumentException("weight store config is required [name=" + name + ", config=null]");
        }
        try {
            StateStats.ensure(ignite);
            return new IgniteWeightStore(
                    name,
                    cfg,
                    ignite.getOrCreateCache(StateCaches.<Long, Manifest>recordsConfig(manifestCache(name))),
                    new BlobTransfer(holders(ignite, cfg.sharedMemory())));
        } catch (IgniteException | javax.cache.CacheException e) {
            throw new StateUnavailableException(
                    "cannot open weight store: " + e.getMessage() + " [name=" + name + "]", e);
        }
    }
}
