package dev.anvil.internal.blobs;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes and reads the blobs of one version on the holders, several blobs at once. A write stores every blob on
 * {@code copies} holders (the first live ones of its ranking; a holder that fails is replaced by the next), so the loss
 * of one holder loses nothing. On the same host the second copy is a hard link to the first: the bytes then live
 * once in the host's memory, owned by both holders, and survive either of them being killed. Over TCP the first
 * holder passes the blob on to the second while it receives it, so the writer sends it once and the two copies are
 * written side by side; a write returns once both are stored.
 */
public final class BlobTransfer {
    private static final Logger LOG = LoggerFactory.getLogger(BlobTransfer.class);
    /** Blobs moved at once by one process: enough to keep sockets and memory busy, few enough for 2 cores. */
    static final int PARALLELISM = Integer.getInteger("anvil.blobs.parallelism", 4);

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService IO = Executors.newFixedThreadPool(PARALLELISM, r -> {
        Thread t = new Thread(r, "anvil-blobs-io-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private final BlobHolders holders;

    public BlobTransfer(BlobHolders holders) {
        this.holders = holders;
    }

    /**
     * Stores every slice on {@code copies} holders (fewer when the cluster has fewer).
     *
     * @return the holders of each slice, in slice order
     * @throws IOException when a slice cannot be stored anywhere; blobs already written stay, and the caller removes
     *     the version from {@link #candidates}
     */
    public List<UUID[]> write(String store, long version, List<BlobSlice> slices, int copies) throws IOException {
        List<CompletableFuture<UUID[]>> futures = new ArrayList<>(slices.size());
        for (BlobSlice s : slices) {
            futures.add(CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return writeOne(new BlobPath(store, version, s.name()), s, copies);
                        } catch (IOException e) {
                            throw new CompletionException(e);
                        }
                    },
                    IO));
        }
        awaitAll(futures);
        List<UUID[]> out = new ArrayList<>(slices.size());
        for (CompletableFuture<UUID[]> f : futures) {
            out.add(join(f));
        }
        return out;
    }

    private UUID[] writeOne(BlobPath path, BlobSlice s, int copies) throws IOException {
        List<ClusterNode> ranked = holders.ranked(path.relative());
        if (ranked.isEmpty()) {
            throw new IOException("no data node holds weight blobs (start a worker) [blob=" + path + "]");
        }
        int want = Math.min(copies, ranked.size());
        List<UUID> stored = new ArrayList<>(want);
        BlobDir localCopy = null;
        RemoteBlobAccess remoteCopy = null;
        IOException last = null;
        for (int i = 0; i < ranked.size() && stored.size() < want; i++) {
            ClusterNode n = ranked.get(i);
            try {
                BlobAccess a = holders.access(n);
                if (a instanceof BlobDir dir && localCopy != null && dir.linkFrom(localCopy, path)) {
                    stored.add(n.id());
                    continue;
                }
                if (a instanceof RemoteBlobAccess && remoteCopy != null && chainCopy(remoteCopy, n, path, s)) {
                    stored.add(n.id());
                    continue;
                }
                ClusterNode next = stored.size() + 1 < want ? forwardTarget(ranked, i) : null;
                if (a instanceof RemoteBlobAccess r && remoteCopy == null && next != null) {
                    boolean both = r.writeForwarding(path, s.bytes(), s.offset(), s.length(), next);
                    remoteCopy = r;
                    stored.add(n.id());
                    if (both) {
                        stored.add(next.id());
                        i++; // the next ranked holder is served
                    }
                    continue;
                }
                a.write(path, s.bytes(), s.offset(), s.length());
                if (a instanceof BlobDir dir) {
                    localCopy = dir;
                } else if (a instanceof RemoteBlobAccess r && remoteCopy == null) {
                    remoteCopy = r;
                }
                stored.add(n.id());
            } catch (IOException e) {
                LOG.debug("blob holder {} failed a write, trying the next [blob={}]", n.id(), path, e);
                last = e;
            }
        }
        if (stored.size() < want) {
            throw new IOException(
                    "blob stored on " + stored.size() + " of " + want + " holders [blob=" + path + "]: "
                            + (last == null ? "holders left" : last.getMessage()),
                    last);
        }
        return stored.toArray(UUID[]::new);
    }

    /**
     * The holder ranked after {@code i} when this process reaches it over TCP too: the first holder then passes the
     * blob on to it while receiving it (cut-through chain replication; see {@link BlobProtocol#FORWARD}). {@code null}
     * when there is none or it shares this host's memory (a local write is cheaper than a hop).
     */
    private ClusterNode forwardTarget(List<ClusterNode> ranked, int i) {
        if (i + 1 >= ranked.size()) {
            return null;
        }
        ClusterNode next = ranked.get(i + 1);
        return holders.access(next) instanceof RemoteBlobAccess ? next : null;
    }

    /**
     * Has the holder that already stored a blob give it to holder {@code n} (chain replication: this process sends
     * each byte once, and a holder on {@code n}'s host hard-links instead of copying).
     *
     * @return {@code false} when the holder could not, and the caller sends the blob itself
     */
    private static boolean chainCopy(RemoteBlobAccess from, ClusterNode n, BlobPath path, BlobSlice s) {
        try {
            from.copyTo(path, s.length(), n);
            return true;
        } catch (IOException e) {
            LOG.debug("holder {} could not pass a blob on to {}, sending it directly [blob={}]", from, n.id(), path, e);
            return false;
        }
    }

    /**
     * Fills every slice from its holders ({@code where}, in slice order): through shared memory when a holder is on
     * this host, else over TCP; a holder that fails or has left is replaced by the next.
     *
     * @throws NoSuchFileException when no holder has a blob (the caller tells a dropped version from a lost blob)
     * @throws IOException when no holder could be read for another reason
     */
    public void read(String store, long version, List<BlobSlice> slices, List<UUID[]> where) throws IOException {
        Reads reads = startReads(store, version);
        for (int i = 0; i < slices.size(); i++) {
            reads.add(slices.get(i), where.get(i));
        }
        reads.await();
    }

    /**
     * Starts a batch of reads that the caller feeds slice by slice: each read begins as soon as it is added, so a
     * reader can allocate the next array while earlier chunks are already being copied.
     */
    public Reads startReads(String store, long version) {
        return new Reads(store, version);
    }

    /** Reads of one version in flight; {@link #await} waits for all of them. */
    public final class Reads {
        private final String store;
        private final long version;
        private final List<CompletableFuture<Void>> futures = new ArrayList<>();

        private Reads(String store, long version) {
            this.store = store;
            this.version = version;
        }

        /** Starts filling {@code s} from its holders {@code from}. */
        public void add(BlobSlice s, UUID[] from) {
            futures.add(CompletableFuture.runAsync(
                    () -> {
                        try {
                            readOne(new BlobPath(store, version, s.name()), s, from);
                        } catch (IOException e) {
                            throw new CompletionException(e);
                        }
                    },
                    IO));
        }

        /**
         * Waits for every read added.
         *
         * @throws NoSuchFileException when no holder has a blob (the caller tells a dropped version from a lost blob)
         * @throws IOException when no holder could be read for another reason
         */
        public void await() throws IOException {
            awaitAll(futures);
            for (CompletableFuture<Void> f : futures) {
                join(f);
            }
        }
    }

    private void readOne(BlobPath path, BlobSlice s, UUID[] from) throws IOException {
        List<BlobAccess> order = new ArrayList<>(from.length);
        for (UUID id : from) {
            BlobAccess a = holders.access(id);
            if (a != null) {
                // Shared memory first: a copy instead of a trip through the kernel's sockets.
                order.add(BlobHolders.isLocal(a) ? 0 : order.size(), a);
            }
        }
        IOException last = null;
        boolean allMissing = true;
        for (BlobAccess a : order) {
            try {
                a.read(path, s.bytes(), s.offset(), s.length());
                return;
            } catch (NoSuchFileException e) {
                last = e;
            } catch (IOException e) {
                allMissing = false;
                last = e;
                LOG.debug("blob holder {} failed a read, trying the next [blob={}]", a, path, e);
            }
        }
        if (last == null || allMissing) {
            throw new NoSuchFileException(
                    path.relative(),
                    null,
                    "no live holder has the blob (holders: " + from.length + ", live: " + order.size() + ")");
        }
        throw last;
    }

    /** Every live holder a version of this store may have been written to: the ones to clean up after a failure. */
    public Collection<UUID> candidates() {
        List<UUID> ids = new ArrayList<>();
        for (ClusterNode n : holders.live()) {
            ids.add(n.id());
        }
        return ids;
    }

    /**
     * Removes {@code version} of {@code store} from every holder in {@code ids} that is alive; a holder that left
     * took its copy with it (its directory is swept). Returns the number of live holders that failed to remove it.
     */
    public int removeVersion(String store, long version, Collection<UUID> ids) {
        int failed = 0;
        for (UUID id : ids) {
            BlobAccess a = holders.access(id);
            if (a == null) {
                continue;
            }
            try {
                a.removeVersion(store, version);
            } catch (IOException e) {
                if (holders.alive(id)) {
                    failed++;
                    LOG.warn(
                            "blob holder {} could not remove a version [store={}, version={}]: {}",
                            id,
                            store,
                            version,
                            e.getMessage());
                }
            }
        }
        holders.forgetGone();
        return failed;
    }

    /** Waits for every transfer, failed or not: none may still touch a holder or an array once the caller goes on. */
    private static void awaitAll(List<? extends CompletableFuture<?>> futures) {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            // each future's own outcome is read next
        }
    }

    private static <T> T join(CompletableFuture<T> f) throws IOException {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }
}
