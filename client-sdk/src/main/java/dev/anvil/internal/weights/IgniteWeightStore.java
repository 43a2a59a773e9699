package dev.anvil.internal.weights;

import dev.anvil.internal.blobs.BlobTransfer;
import dev.anvil.internal.state.StateStats;
import dev.anvil.sdk.StateUnavailableException;
import dev.anvil.sdk.Tensor;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.sdk.WeightVersionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongConsumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link WeightStore} over an Ignite cache of manifests (version to {@link Manifest}) and the data nodes' blob
 * holders, which keep the chunks. A push claims the version with a pending manifest, writes the chunks through
 * {@link ChunkTransfer}, then commits by replacing the manifest with one that names each chunk's holders; readers and
 * listeners see committed manifests only.
 */
final class IgniteWeightStore implements WeightStore {
    private static final Logger LOG = LoggerFactory.getLogger(IgniteWeightStore.class);
    /** How long an idempotent read keeps retrying while the topology settles after a server left. */
    private static final long READ_RETRY_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(15);

    private final String name;
    private final WeightStoreConfig cfg;
    private final IgniteCache<Long, Manifest> manifests;
    private final ChunkTransfer transfer;
    private final Retention retention;

    IgniteWeightStore(String name, WeightStoreConfig cfg, IgniteCache<Long, Manifest> manifests, BlobTransfer blobs) {
        this.name = name;
        this.cfg = cfg;
        this.manifests = manifests;
        this.transfer = new ChunkTransfer(name, blobs);
        this.retention = Retention.forStore(name, cfg.retainVersions(), this::applyRetention);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void push(long version, Map<String, byte[]> tensors) {
        checkPush(version, tensors);
        String[] names = new String[tensors.size()];
        long[] sizes = new long[names.length];
        List<byte[]> data = new ArrayList<>(names.length);
        int i = 0;
        for (Map.Entry<String, byte[]> e : tensors.entrySet()) {
            names[i] = Objects.requireNonNull(e.getKey(), "tensor name");
            if (e.getValue() == null) {
                throw new IllegalArgumentException("tensor bytes must not be null [store=" + name + ", version="
                        + version + ", tensor=" + e.getKey() + "]");
            }
            sizes[i++] = e.getValue().length;
            data.add(e.getValue());
        }
        timedRun("push", () -> write(version, new Manifest(names, sizes, null, cfg.chunkBytes(), false), data));
    }

    @Override
    public void pushTensors(long version, Map<String, Tensor> tensors) {
        checkPush(version, tensors);
        String[] names = new String[tensors.size()];
        long[] sizes = new long[names.length];
        long[][] shapes = new long[names.length][];
        List<byte[]> data = new ArrayList<>(names.length);
        int i = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            names[i] = Objects.requireNonNull(e.getKey(), "tensor name");
            Tensor t = Objects.requireNonNull(e.getValue(), "tensor");
            byte[] bytes = TensorBytes.toBytes(t.data());
            shapes[i] = t.shape();
            sizes[i++] = bytes.length;
            data.add(bytes);
        }
        timedRun("push", () -> write(version, new Manifest(names, sizes, shapes, cfg.chunkBytes(), false), data));
    }

    private void checkPush(long version, Map<String, ?> tensors) {
        if (version < 0) {
            throw new WeightVersionException("weight versions must be >= 0", name, version);
        }
        if (tensors == null || tensors.isEmpty()) {
            throw new IllegalArgumentException(
                    "a weight version needs at least one tensor [store=" + name + ", version=" + version + "]");
        }
    }

    private void write(long version, Manifest pending, List<byte[]> data) {
        boolean claimed = call("push", version, () -> manifests.putIfAbsent(version, pending));
        if (!claimed) {
            throw new WeightVersionException("weight version already exists or is being pushed", name, version);
        }
        try {
            UUID[][] holders = transfer.write(version, pending, data);
            call("push", version, () -> manifests.replace(version, pending.committedOn(holders)));
        } catch (RuntimeException e) {
            // Nothing half stored: take back the chunks and the claim.
            try {
                transfer.remove(version, transfer.everyHolder());
                manifests.remove(version);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        retention.request();
    }

    @Override
    public Map<String, byte[]> pull(long version) {
        Manifest m = committed(version);
        byte[][] out = timed("pull", () -> transfer.read(version, m, () -> committedOrNull(version) != null));
        Map<String, byte[]> result = new LinkedHashMap<>();
        for (int t = 0; t < out.length; t++) {
            result.put(m.names()[t], out[t]);
        }
        return result;
    }

    @Override
    public Map<String, Tensor> pullTensors(long version) {
        Manifest m = committed(version);
        if (m.shapes() == null) {
            throw new WeightVersionException(
                    "weight version was pushed as raw bytes, not tensors; use pull", name, version);
        }
        byte[][] out = timed("pull", () -> transfer.read(version, m, () -> committedOrNull(version) != null));
        Map<String, Tensor> result = new LinkedHashMap<>();
        for (int t = 0; t < out.length; t++) {
            result.put(m.names()[t], new Tensor(TensorBytes.toFloats(out[t]), m.shapes()[t]));
        }
        return result;
    }

    /** Runs {@code action} and, when it succeeds, counts its duration under {@code op} for {@code /metrics}. */
    private <T> T timed(String op, java.util.function.Supplier<T> action) {
        long start = System.nanoTime();
        T result = action.get();
        StateStats.recordDuration(
                manifests.unwrap(org.apache.ignite.Ignite.class),
                StateStats.storeKey(name, op),
                System.nanoTime() - start);
        return result;
    }

    private void timedRun(String op, Runnable action) {
        timed(op, () -> {
            action.run();
            return null;
        });
    }

    @Override
    public long latestVersion() {
        TreeSet<Long> versions = committedVersions();
        return versions.isEmpty() ? -1 : versions.last();
    }

    @Override
    public void drop(long version) {
        // Un-commit first, atomically: readers see the version as unknown at once, never with holes, and the holders
        // read are the latest (a repair may have added some). The manifest goes last, so chunks never outlive it (a
        // later push of the same version must not find stale chunks).
        Manifest m = call("drop", version, () -> manifests.invoke(version, new Uncommit()));
        if (m == null) {
            throw new WeightVersionException("unknown weight version", name, version);
        }
        int failed = transfer.remove(version, m.allHolders());
        if (failed > 0) {
            LOG.warn(
                    "weight version dropped, but {} data nodes kept its chunks [store={}, version={}]",
                    failed,
                    name,
                    version);
        }
        call("drop", version, () -> manifests.remove(version));
    }

    @Override
    public AutoCloseable onNewVersion(LongConsumer listener) {
        Objects.requireNonNull(listener, "listener");
        // Listener calls leave Ignite's notification thread: a listener that pulls must not block Ignite's own pool.
        ExecutorService delivery = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "anvil-weights-" + name + "-listener");
            t.setDaemon(true);
            return t;
        });
        ContinuousQuery<Long, Manifest> q = new ContinuousQuery<>();
        q.setRemoteFilterFactory(CommittedFilter::new);
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends Long, ? extends Manifest> e : events) {
                long v = e.getKey();
                delivery.execute(() -> {
                    try {
                        listener.accept(v);
                    } catch (RuntimeException ex) {
                        LOG.warn("weight version listener failed [store={}, version={}]", name, v, ex);
                    }
                });
            }
        });
        QueryCursor<Cache.Entry<Long, Manifest>> cursor = call("onNewVersion", -1, () -> manifests.query(q));
        return () -> {
            cursor.close();
            delivery.shutdown();
        };
    }

    /** Drops the committed versions beyond the newest {@code retainVersions}; runs on {@link Retention}'s thread. */
    private void applyRetention() {
        if (cfg.retainVersions() == WeightStoreConfig.KEEP_ALL) {
            return;
        }
        TreeSet<Long> versions = committedVersions();
        while (versions.size() > cfg.retainVersions()) {
            long oldest = versions.pollFirst();
            try {
                drop(oldest);
            } catch (WeightVersionException e) {
                // Dropped meanwhile by another process: the goal is reached.
            }
        }
    }

    private TreeSet<Long> committedVersions() {
        TreeSet<Long> versions = new TreeSet<>();
        read("latestVersion", -1, () -> {
            try (QueryCursor<Cache.Entry<Long, Manifest>> c = manifests.query(new ScanQuery<Long, Manifest>())) {
                for (Cache.Entry<Long, Manifest> e : c) {
                    if (e.getValue().committed()) {
                        versions.add(e.getKey());
                    }
                }
            }
            return null;
        });
        return versions;
    }

    private Manifest committed(long version) {
        Manifest m = committedOrNull(version);
        if (m == null) {
            throw new WeightVersionException("unknown weight version", name, version);
        }
        return m;
    }

    private Manifest committedOrNull(long version) {
        Manifest m = read("pull", version, () -> manifests.get(version));
        return m != null && m.committed() ? m : null;
    }

    /**
     * A read that outlives a server leaving mid-call: reads are idempotent, so one that fails because the topology
     * changed under it is retried for a bounded time while the cluster settles (a scan query over a node that
     * was just killed fails once with a topology error, then succeeds on the backups).
     */
    private <T> T read(String op, long version, java.util.function.Supplier<T> action) {
        long deadline = System.nanoTime() + READ_RETRY_NANOS;
        while (true) {
            try {
                return action.get();
            } catch (IgniteException | CacheException e) {
                if (!causedByTopologyChange(e) || System.nanoTime() > deadline) {
                    return call(op, version, () -> {
                        throw e;
                    });
                }
                LOG.debug("weight store {} retried after a topology change [store={}]", op, name);
                pauseBeforeRetry();
            }
        }
    }

    private static boolean causedByTopologyChange(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof org.apache.ignite.cluster.ClusterTopologyException
                    || c instanceof org.apache.ignite.internal.cluster.ClusterTopologyCheckedException) {
                return true;
            }
        }
        return false;
    }

    private static void pauseBeforeRetry() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new StateUnavailableException("interrupted while retrying a weight store read", ie);
        }
    }

    private <T> T call(String op, long version, java.util.function.Supplier<T> action) {
        try {
            return action.get();
        } catch (IgniteException | CacheException e) {
            throw new StateUnavailableException(
                    "weight store " + op + " failed: " + e.getMessage() + " [store=" + name + ", version=" + version
                            + "]",
                    e);
        }
    }

    @Override
    public String toString() {
        return "WeightStore[name=" + name + ", " + cfg + "]";
    }
}
