package dev.anvil.head.weights;

import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.weights.ChunkTransfer;
import dev.anvil.internal.weights.Manifest;
import dev.anvil.internal.weights.WeightStores;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Re-replication of weight chunks after their holders left, so a store survives a later failure too (the blob data
 * plane has no rebalancing of its own). A pass scans the committed manifests of every store; for each chunk with
 * fewer live holders than it should have ({@link ChunkTransfer#COPIES}, or every holder when there are fewer), it
 * asks a surviving holder to copy the chunk to the next live holder of the writers' ranking, then records the new
 * holders in the manifest atomically ({@link RepairHolders}). A copy the manifest does not end up naming (the version
 * was dropped meanwhile) is removed, and a manifest never names a holder before that holder has the chunk. Chunks
 * with no live holder left are lost: logged once, never retried.
 *
 * <p>Run by the head's coordinator, one pass at a time; the head only sends requests, the bytes move between holders.
 */
public final class WeightRepair implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WeightRepair.class);

    private final Ignite ignite;
    private final BlobReplicas blobs;
    /** Chunks already reported lost, so each is logged once. */
    private final Set<String> reportedLost = ConcurrentHashMap.newKeySet();

    public WeightRepair(Ignite ignite) {
        this.ignite = ignite;
        this.blobs = new BlobReplicas(ignite);
    }

    /**
     * What a pass found and did.
     *
     * @param versions committed versions scanned
     * @param chunks chunks of those versions
     * @param repaired chunks given a new holder
     * @param underReplicated chunks left with fewer live holders than they should have (no holder to copy to, or a
     *     copy failed: the next pass tries again)
     * @param lost chunks with no live holder at all
     */
    public record Report(int versions, int chunks, int repaired, int underReplicated, int lost) {
        /** Whether every chunk of every committed version has all the live holders it should have. */
        public boolean healthy() {
            return underReplicated == 0 && lost == 0;
        }
    }

    /** One pass over every store. */
    public Report repairAll() {
        Tally t = new Tally();
        if (blobs.holderCount() == 0) {
            return t.report(); // no data node: nothing to copy to, and the manifests have no node to live on either
        }
        for (String cacheName : ignite.cacheNames()) {
            String store = WeightStores.storeOf(cacheName);
            if (store != null) {
                repairStore(store, ignite.cache(cacheName), t);
            }
        }
        blobs.forgetGone();
        return t.report();
    }

    /** Counts, without changing anything, what a pass would find: for tests and status. */
    public Report check() {
        Tally t = new Tally();
        int wanted = wanted();
        for (String cacheName : ignite.cacheNames()) {
            String store = WeightStores.storeOf(cacheName);
            if (store != null) {
                for (Map.Entry<Long, Manifest> e :
                        committed(ignite.cache(cacheName)).entrySet()) {
                    t.versions++;
                    for (UUID[] h : e.getValue().holders()) {
                        t.chunks++;
                        int live = liveCount(h);
                        if (live == 0) {
                            t.lost++;
                        } else if (live < wanted) {
                            t.underReplicated++;
                        }
                    }
                }
            }
        }
        return t.report();
    }

    private void repairStore(String store, IgniteCache<Long, Manifest> cache, Tally t) {
        for (Map.Entry<Long, Manifest> e : committed(cache).entrySet()) {
            t.versions++;
            Plan plan = copy(store, e.getKey(), e.getValue(), t);
            if (!plan.after.isEmpty()) {
                record(cache, plan, t);
            }
        }
    }

    private static Map<Long, Manifest> committed(IgniteCache<Long, Manifest> cache) {
        Map<Long, Manifest> out = new HashMap<>();
        try (QueryCursor<Cache.Entry<Long, Manifest>> c = cache.query(new ScanQuery<Long, Manifest>())) {
            for (Cache.Entry<Long, Manifest> e : c) {
                if (e.getValue().committed()) {
                    out.put(e.getKey(), e.getValue());
                }
            }
        }
        return out;
    }

    /**
     * First step of repairing a version: copies each chunk short of live holders to new ones. Nothing is recorded yet:
     * the plan says which holders each chunk had and has now, and which copies were made.
     */
    Plan copy(String store, long version, Manifest m, Tally t) {
        Plan plan = new Plan(store, version);
        int wanted = wanted();
        int flat = 0;
        for (int tensor = 0; tensor < m.names().length; tensor++) {
            for (int chunk = 0; chunk < m.chunks(tensor); chunk++, flat++) {
                t.chunks++;
                UUID[] had = m.holders()[flat];
                List<UUID> live = new ArrayList<>();
                for (UUID id : had) {
                    if (blobs.alive(id)) {
                        live.add(id);
                    }
                }
                if (live.size() == had.length && live.size() >= wanted) {
                    continue; // healthy
                }
                BlobPath path = new BlobPath(store, version, ChunkTransfer.blobName(tensor, chunk));
                if (live.isEmpty()) {
                    t.lost++;
                    if (reportedLost.add(path.toString())) {
                        LOG.warn(
                                "weight chunk lost: every holder left, pulls of its version fail [store={}, "
                                        + "version={}, chunk={}, holders={}]",
                                store,
                                version,
                                path.name(),
                                Arrays.toString(had));
                    }
                    continue;
                }
                List<UUID> now = new ArrayList<>(live);
                int len = ChunkTransfer.chunkLength(m, tensor, chunk);
                for (UUID target : blobs.ranked(path)) {
                    if (now.size() >= wanted) {
                        break;
                    }
                    if (!now.contains(target) && copyFromAny(path, len, live, target)) {
                        now.add(target);
                        plan.copies.add(new Copy(flat, path, target));
                    }
                }
                if (now.size() > live.size()) {
                    t.repaired++;
                }
                if (now.size() < wanted) {
                    t.underReplicated++;
                }
                plan.before.put(flat, had);
                plan.after.put(flat, now.toArray(UUID[]::new));
            }
        }
        return plan;
    }

    /**
     * Second step: records the plan in the manifest, then removes every copy the manifest does not name (the version
     * was dropped or un-committed meanwhile, so nothing will ever read or remove that copy).
     */
    void record(IgniteCache<Long, Manifest> cache, Plan plan, Tally t) {
        Manifest m;
        try {
            m = cache.invoke(plan.version, new RepairHolders(plan.before, plan.after));
        } catch (RuntimeException e) {
            // The update may or may not have happened. While the version stays committed the copies stay too: the
            // next pass picks the same targets and records them. A version dropped meanwhile takes them with it.
            removeIfDropped(cache, plan);
            throw e;
        }
        UUID[][] now = m == null ? null : m.holders();
        int removed = 0;
        for (Copy c : plan.copies) {
            if (now == null || !Arrays.asList(now[c.chunk]).contains(c.target)) {
                try {
                    blobs.remove(c.path, c.target);
                    removed++;
                } catch (IOException e) {
                    LOG.warn(
                            "could not remove a weight chunk copy its version no longer names [blob={}, holder={}]: {}",
                            c.path,
                            c.target,
                            e.getMessage());
                }
            }
        }
        if (now == null) {
            LOG.info(
                    "weight version dropped during its repair; its new copies removed [store={}, version={}, copies={}]",
                    plan.store,
                    plan.version,
                    removed);
        } else if (!plan.copies.isEmpty()) {
            LOG.info(
                    "weight chunks re-replicated [store={}, version={}, copies={}]",
                    plan.store,
                    plan.version,
                    plan.copies.size() - removed);
        }
    }

    private void removeIfDropped(IgniteCache<Long, Manifest> cache, Plan plan) {
        try {
            Manifest cur = cache.get(plan.version);
            if (cur != null && cur.committed()) {
                return;
            }
            for (Copy c : plan.copies) {
                blobs.remove(c.path, c.target);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn(
                    "copies of a weight version dropped during its repair may stay on their holders [store={}, "
                            + "version={}, copies={}]: {}",
                    plan.store,
                    plan.version,
                    plan.copies.size(),
                    e.toString());
        }
    }

    private boolean copyFromAny(BlobPath path, int len, List<UUID> sources, UUID target) {
        for (UUID from : sources) {
            try {
                blobs.copy(path, len, from, target);
                return true;
            } catch (NoSuchFileException e) {
                LOG.debug("holder {} no longer has a chunk (version dropped?) [blob={}]", from, path);
            } catch (IOException e) {
                LOG.debug("holder {} failed to copy a chunk to {} [blob={}]: {}", from, target, path, e.getMessage());
            }
        }
        return false;
    }

    private int liveCount(UUID[] holders) {
        int n = 0;
        for (UUID id : holders) {
            if (blobs.alive(id)) {
                n++;
            }
        }
        return n;
    }

    /** Live holders a chunk should have: {@link ChunkTransfer#COPIES}, or every holder when there are fewer. */
    private int wanted() {
        return Math.min(ChunkTransfer.COPIES, blobs.holderCount());
    }

    @Override
    public void close() {
        blobs.close();
    }

    /** One copy made by a repair: chunk {@code chunk} (flat index) now also on {@code target}. */
    record Copy(int chunk, BlobPath path, UUID target) {}

    /** A version's repair between its copies and its manifest update. */
    static final class Plan {
        final String store;
        final long version;
        final Map<Integer, UUID[]> before = new HashMap<>();
        final Map<Integer, UUID[]> after = new HashMap<>();
        final List<Copy> copies = new ArrayList<>();

        Plan(String store, long version) {
            this.store = store;
            this.version = version;
        }
    }

    /** Counters of one pass. */
    static final class Tally {
        int versions;
        int chunks;
        int repaired;
        int underReplicated;
        int lost;

        Report report() {
            return new Report(versions, chunks, repaired, underReplicated, lost);
        }
    }
}
