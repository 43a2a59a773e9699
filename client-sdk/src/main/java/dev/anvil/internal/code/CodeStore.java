package dev.anvil.internal.code;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The cluster's store of shipped code, on the same footing as submitted jobs' jars: bundles in {@link #CHUNK}-byte
 * pieces, stored once per content hash, an index written after the pieces (a bundle is complete once indexed), and
 * for each client the hashes it uses, so a bundle goes when the last client using it has left.
 */
public final class CodeStore {
    /** Chunk size of stored bundles (as job files). */
    public static final int CHUNK = 512 * 1024;
    /** Largest bundle shipped: code lives in the capped control region; bigger libraries belong on the workers. */
    public static final long MAX_BUNDLE = 64L << 20;

    static final String CHUNKS = "anvil-code";
    static final String INDEX = "anvil-code-index";
    static final String OWNERS = "anvil-code-owners";

    private final IgniteCache<String, byte[]> chunks;
    private final IgniteCache<String, Long> index;
    private final IgniteCache<String, String> owners;

    /** Opens (creating when needed) the code caches through {@code ignite}. */
    public CodeStore(Ignite ignite) {
        this.chunks = ignite.getOrCreateCache(CodeStore.<byte[]>cacheConfig(CHUNKS));
        this.index = ignite.getOrCreateCache(CodeStore.<Long>cacheConfig(INDEX));
        this.owners = ignite.getOrCreateCache(CodeStore.<String>cacheConfig(OWNERS));
    }

    /**
     * Records that client {@code clientId} uses {@code bundles}, and stores those the cluster does not hold yet.
     *
     * @return how many bytes were sent (0 when every bundle was there already)
     */
    public long ship(String clientId, List<CodeBundle> bundles) {
        // The owner first: a janitor that runs meanwhile then keeps the bundles this client is about to rely on.
        Set<String> mine = new LinkedHashSet<>(hashesOf(owners.get(clientId)));
        bundles.forEach(b -> mine.add(b.sha256()));
        owners.put(clientId, String.join(",", mine));
        long sent = 0;
        for (CodeBundle b : bundles) {
            if (b.bytes().length > MAX_BUNDLE) {
                throw new IllegalArgumentException("code bundle too large to ship; install it on the workers instead"
                        + " [bundle=" + b.describe() + ", max=" + (MAX_BUNDLE >> 20) + " MiB]");
            }
            if (index.containsKey(b.sha256())) {
                continue;
            }
            int n = chunkCount(b.bytes().length);
            for (int i = 0; i < n; i++) {
                int from = i * CHUNK;
                chunks.put(
                        chunkKey(b.sha256(), i),
                        Arrays.copyOfRange(b.bytes(), from, Math.min(b.bytes().length, from + CHUNK)));
            }
            index.put(b.sha256(), (long) b.bytes().length);
            sent += b.bytes().length;
        }
        return sent;
    }

    /**
     * The bytes of bundle {@code sha256}.
     *
     * @throws IllegalStateException when the cluster does not hold it (its clients have left)
     */
    public byte[] fetch(String sha256) {
        Long size = index.get(sha256);
        if (size == null) {
            throw new IllegalStateException(
                    "shipped code is not in the cluster (its client left?) [sha256=" + sha256 + "]");
        }
        byte[] out = new byte[Math.toIntExact(size)];
        int n = chunkCount(out.length);
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) {
            keys.add(chunkKey(sha256, i));
        }
        Map<String, byte[]> got = chunks.getAll(keys);
        for (int i = 0; i < n; i++) {
            byte[] piece = got.get(chunkKey(sha256, i));
            if (piece == null) {
                throw new IllegalStateException(
                        "shipped code is incomplete in the cluster [sha256=" + sha256 + ", chunk=" + i + "]");
            }
            System.arraycopy(piece, 0, out, i * CHUNK, piece.length);
        }
        if (!CodeBundle.sha256(out).equals(sha256)) {
            throw new IllegalStateException("shipped code does not match its hash [sha256=" + sha256 + "]");
        }
        return out;
    }

    /** Whether bundle {@code sha256} is stored. */
    public boolean holds(String sha256) {
        return index.containsKey(sha256);
    }

    /** Clients that have shipped code and not yet been forgotten. */
    public Set<String> clients() {
        Set<String> out = new HashSet<>();
        for (Cache.Entry<String, String> e : owners) {
            out.add(e.getKey());
        }
        return out;
    }

    /**
     * Forgets client {@code clientId} and removes the bundles no remaining client uses.
     *
     * @return the hashes removed
     */
    public Set<String> forget(String clientId) {
        if (owners.getAndRemove(clientId) == null) {
            return Set.of();
        }
        Set<String> used = new HashSet<>();
        for (Cache.Entry<String, String> e : owners) {
            used.addAll(hashesOf(e.getValue()));
        }
        Set<String> removed = new HashSet<>();
        for (Cache.Entry<String, Long> e : index) {
            if (!used.contains(e.getKey())) {
                removed.add(e.getKey());
            }
        }
        for (String h : removed) {
            Long size = index.getAndRemove(h);
            if (size != null) {
                Set<String> keys = new HashSet<>();
                for (int i = 0; i < chunkCount(Math.toIntExact(size)); i++) {
                    keys.add(chunkKey(h, i));
                }
                chunks.removeAll(keys);
            }
        }
        return removed;
    }

    /** As the job caches: one backup (a worker's loss keeps the code), few partitions (small capped region). */
    private static <V> CacheConfiguration<String, V> cacheConfig(String name) {
        return new CacheConfiguration<String, V>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(1)
                .setAffinity(new RendezvousAffinityFunction(false, 32))
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    private static List<String> hashesOf(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : List.of(joined.split(","));
    }

    private static int chunkCount(int size) {
        return Math.max(1, (size + CHUNK - 1) / CHUNK);
    }

    private static String chunkKey(String sha256, int chunk) {
        return sha256 + "/" + chunk;
    }
}
