package dev.anvil.internal.replay;

import dev.anvil.internal.state.StateStats;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.StateUnavailableException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.cache.processor.EntryProcessorResult;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicSequence;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteDataStreamer;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.lang.IgniteFuture;

/**
 * A {@link ReplayBuffer} over one Ignite cache of {@link ReplayKey} to {@link ReplayEntry}.
 *
 * <p>A sample draws from the handle's {@link KeyIndex} (no listing round trip) and falls back to the
 * authoritative listing when the index cannot fill the draw, so {@code null} always means "not enough entries".
 *
 * <p>Adds go through a data streamer per handle (no queue, no lock): {@code add} hands the element over and returns,
 * the streamer sends it within {@link #AUTO_FLUSH_MS} ms, and every read through the handle flushes first, so a
 * handle always reads its own adds. A sample takes the live keys (from the index, or from one broadcast of
 * {@link LiveKeysTask}, which also evicts stale entries where they live), draws candidates with a seeded random
 * permutation, and claims each with an entry processor ({@link ClaimProcessor}); a claim that loses a race is replaced
 * by the next candidate, and a draw that cannot be completed gives its claims back. Nothing waits on anything, so a
 * producer and a consumer never deadlock, whatever {@code maxPolicyAge}.
 */
final class IgniteReplayBuffer<E> implements ReplayBuffer<E> {
    /**
     * Entries per streamer batch and node. Ignite makes room in an evicting region once per write request: a request
     * larger than the region's free headroom runs it out of pages, and that halts the node (measured: 1 MiB batches
     * into a full 16 MiB region did, 128 KiB batches did not). 64 elements of 1 KiB stay well below.
     */
    static final int STREAMER_BATCH = 64;
    /** Entry numbers reserved from the cluster sequence at a time. */
    static final long SEQ_BLOCK = 1L << 16;
    /** Longest time an added element waits in this handle's streamer before it is sent. */
    static final long AUTO_FLUSH_MS = 5;
    /** Adds are counted for {@code /metrics} in batches at most this far apart (and at every flush). */
    static final long ADDS_REPORT_NANOS = 1_000_000_000L;

    private final Ignite ignite;
    private final String name;
    private final String descriptor;
    private final ReplayBufferConfig cfg;
    private final ElementCodec<E> codec;
    private final IgniteCache<ReplayKey, ReplayEntry> cache;
    private final IgniteAtomicSequence seq;
    /** Cluster-wide draw counters of all buffers (name to draws made): the sampler's position. */
    private final IgniteCache<String, Long> counters;

    private final Clock clock = Clock.systemUTC();
    /** First failure of an asynchronous write, reported by the next {@link #flush()}. */
    private final AtomicReference<Throwable> writeFailure = new AtomicReference<>();
    /** Adds go through the data streamer (Ignite's fastest write path); {@code null} until the first add. */
    private IgniteDataStreamer<ReplayKey, ReplayEntry> streamer;
    /** Keys known to this handle, for sampling without a listing round trip; {@code null} until the first sample. */
    private volatile KeyIndex index;
    /** Reserved block of entry numbers {@code [start, end)}, and the next one to hand out. */
    private volatile long[] seqBlock;

    private final AtomicLong seqNext = new AtomicLong();
    /** Adds through this handle not yet reported to {@link StateStats}, and when they last were. */
    private final AtomicLong unreportedAdds = new AtomicLong();

    private volatile long addsReportedAt = System.nanoTime();
    /** Adds through this handle since it last enforced {@code maxBufferSize}. */
    private final AtomicLong addsSinceTrim = new AtomicLong();

    IgniteReplayBuffer(
            Ignite ignite,
            String name,
            String descriptor,
            ReplayBufferConfig cfg,
            ElementCodec<E> codec,
            IgniteCache<ReplayKey, ReplayEntry> cache,
            IgniteAtomicSequence seq,
            IgniteCache<String, Long> counters) {
        this.ignite = ignite;
        this.name = name;
        this.descriptor = descriptor;
        this.cfg = cfg;
        this.codec = codec;
        this.cache = cache;
        this.seq = seq;
        this.counters = counters;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ReplayBufferConfig config() {
        return cfg;
    }

    @Override
    public void add(E element, long policyVersion) {
        byte[] payload = codec.encode(element);
        ReplayKey key = new ReplayKey(nowMicros(), nextSeq(), policyVersion);
        IgniteFuture<?> f = call("add", () -> streamer().addData(key, new ReplayEntry(0, payload)));
        f.listen(this::recordFailure);
        KeyIndex idx = index;
        if (idx != null) {
            idx.added(key);
        }
        afterAdd(1);
    }

    @Override
    public void addAll(List<? extends E> elements, long policyVersion) {
        if (elements.isEmpty()) {
            return;
        }
        List<byte[]> payloads = elements.stream().map(codec::encode).toList(); // all or nothing: encode first
        long micros = nowMicros();
        Map<ReplayKey, ReplayEntry> batch = new HashMap<>(payloads.size() * 2);
        for (byte[] payload : payloads) {
            batch.put(new ReplayKey(micros, nextSeq(), policyVersion), new ReplayEntry(0, payload));
        }
        IgniteFuture<?> f = call("addAll", () -> streamer().addData(batch));
        f.listen(this::recordFailure);
        KeyIndex idx = index;
        if (idx != null) {
            idx.added(batch.keySet());
        }
        afterAdd(elements.size());
    }

    @Override
    public void flush() {
        if (unreportedAdds.get() > 0) {
            reportAdds();
        }
        IgniteDataStreamer<ReplayKey, ReplayEntry> s = streamer;
        if (s != null) {
            call("flush", () -> {
                s.flush();
                return null;
            });
        }
        Throwable failed = writeFailure.getAndSet(null);
        if (failed != null) {
            throw new StateUnavailableException(
                    "replay buffer add failed: " + failed.getMessage() + " [name=" + name + "]", failed);
        }
    }

    @Override
    public void close() {
        if (unreportedAdds.get() > 0) {
            reportAdds();
        }
        IgniteDataStreamer<ReplayKey, ReplayEntry> s;
        KeyIndex idx;
        synchronized (this) {
            s = streamer;
            streamer = null;
            idx = index;
            index = null;
        }
        if (idx != null) {
            idx.close();
        }
        if (s != null) {
            call("close", () -> {
                s.close(false);
                return null;
            });
        }
    }

    /**
     * A cluster-unique entry number: blocks of {@link #SEQ_BLOCK} numbers are reserved from the cluster sequence, and
     * numbered locally (the order of entries comes from their time stamps, not from these numbers).
     */
    private long nextSeq() {
        long[] block = seqBlock;
        long n = seqNext.getAndIncrement();
        if (block != null && n < block[1]) {
            return n;
        }
        synchronized (seqNext) {
            if (seqBlock == null || seqNext.get() >= seqBlock[1]) {
                long start = call("add", () -> seq.getAndAdd(SEQ_BLOCK));
                seqBlock = new long[] {start, start + SEQ_BLOCK};
                seqNext.set(start);
            }
            return nextSeq();
        }
    }

    /** The handle's streamer, opened on the first add: a handle that only samples holds none. */
    private synchronized IgniteDataStreamer<ReplayKey, ReplayEntry> streamer() {
        if (streamer == null) {
            IgniteDataStreamer<ReplayKey, ReplayEntry> s = ignite.dataStreamer(cache.getName());
            s.perNodeBufferSize(STREAMER_BATCH);
            s.autoFlushFrequency(AUTO_FLUSH_MS);
            streamer = s;
        }
        return streamer;
    }

    private void recordFailure(IgniteFuture<?> f) {
        try {
            f.get();
        } catch (RuntimeException e) {
            writeFailure.compareAndSet(null, e);
        }
    }

    @Override
    public List<List<E>> sample(long currPolicyVersion) {
        flush();
        int want = cfg.samplesPerDraw();
        KeyIndex idx = index();
        List<ReplayKey> live = dropStaleAndOldest(idx.snapshot(), currPolicyVersion, idx);
        Map<ReplayKey, ReplayEntry> claimed = Map.of();
        long draw = -1;
        if (live.size() >= want) {
            draw = call("sample", () -> counters.invoke(name, new IncrementProcessor()));
            claimed = claim(live, want, random(draw), currPolicyVersion, idx);
        }
        if (claimed.size() < want) {
            // The index lagged or held gone keys: decide on the authoritative listing (one broadcast).
            release(claimed, idx);
            live = liveKeys(currPolicyVersion);
            idx.added(live);
            if (live.size() < want) {
                return null;
            }
            if (draw < 0) {
                draw = call("sample", () -> counters.invoke(name, new IncrementProcessor()));
            }
            claimed = claim(live, want, random(draw), currPolicyVersion, idx);
            if (claimed.size() < want) {
                release(claimed, idx);
                return null;
            }
        }
        List<List<E>> lists = new ArrayList<>(cfg.dpSize());
        List<E> current = null;
        for (ReplayEntry e : claimed.values()) {
            if (current == null || current.size() == cfg.batchSize()) {
                current = new ArrayList<>(cfg.batchSize());
                lists.add(current);
            }
            current.add(codec.decode(e.payload()));
        }
        StateStats.count(ignite, StateStats.bufferKey(name, "samples"), 1);
        return lists;
    }

    private SplittableRandom random(long draw) {
        return new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + draw);
    }

    /** Removes (from the cache and the index) keys stale for the sampler and the oldest beyond the size limit. */
    private List<ReplayKey> dropStaleAndOldest(List<ReplayKey> keys, long curr, KeyIndex idx) {
        List<ReplayKey> fresh = new ArrayList<>(keys.size());
        Set<ReplayKey> drop = new LinkedHashSet<>();
        for (ReplayKey k : keys) {
            if (ReplayKey.isStale(k.policyVersion(), curr, cfg.maxPolicyAge())) {
                drop.add(k);
            } else {
                fresh.add(k);
            }
        }
        long max = cfg.maxBufferSize();
        if (max != ReplayBufferConfig.UNBOUNDED && fresh.size() > max) {
            List<ReplayKey> oldest = fresh.subList(0, (int) (fresh.size() - max));
            drop.addAll(oldest);
            fresh = new ArrayList<>(fresh.subList(oldest.size(), fresh.size()));
        }
        if (!drop.isEmpty()) {
            call("sample", () -> {
                cache.removeAll(drop);
                return null;
            });
            StateStats.count(ignite, StateStats.bufferKey(name, "evictions"), drop.size());
            idx.removed(drop);
        }
        return fresh;
    }

    /** This handle's key index, subscribed on the first sample: a handle that only adds holds none. */
    private synchronized KeyIndex index() {
        if (index == null) {
            index = call("sample", () -> new KeyIndex(cache, () -> liveKeys(Long.MIN_VALUE)));
        }
        return index;
    }

    /** Claims {@code want} entries in the seeded random order; fewer when races or evictions leave too few. */
    private Map<ReplayKey, ReplayEntry> claim(
            List<ReplayKey> live, int want, SplittableRandom rng, long curr, KeyIndex idx) {
        int n = live.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Map<ReplayKey, ReplayEntry> claimed = new LinkedHashMap<>();
        ClaimProcessor processor = new ClaimProcessor(curr, cfg.maxPolicyAge(), cfg.maxResampleCount());
        int next = 0;
        while (claimed.size() < want && next < n) {
            Set<ReplayKey> batch = new LinkedHashSet<>();
            int need = want - claimed.size();
            // Partial Fisher-Yates: each step fixes one more position of a uniform random permutation.
            for (; batch.size() < need && next < n; next++) {
                int j = next + rng.nextInt(n - next);
                int t = perm[next];
                perm[next] = perm[j];
                perm[j] = t;
                batch.add(live.get(perm[next]));
            }
            Map<ReplayKey, EntryProcessorResult<ReplayEntry>> res =
                    call("sample", () -> cache.invokeAll(batch, processor));
            for (ReplayKey k : batch) {
                EntryProcessorResult<ReplayEntry> r = res.get(k);
                ReplayEntry before = r == null ? null : r.get();
                if (before == null) {
                    idx.removed(k); // gone, stale or sampled out: not a candidate any more
                } else {
                    claimed.put(k, before);
                    if (before.sampleCount() + 1 > cfg.maxResampleCount()) {
                        idx.removed(k); // this claim took its last sample and removed it
                    }
                }
            }
        }
        return claimed;
    }

    private void release(Map<ReplayKey, ReplayEntry> claimed, KeyIndex idx) {
        for (Map.Entry<ReplayKey, ReplayEntry> e : claimed.entrySet()) {
            call("sample", () -> cache.invoke(e.getKey(), new UnclaimProcessor(e.getValue())));
            idx.added(e.getKey());
        }
    }

    @Override
    public void evict(long currPolicyVersion) {
        flush();
        liveKeys(currPolicyVersion);
    }

    @Override
    public void clear() {
        flush();
        // removeAll, not clear: clear sends no events, and other handles' key indexes would keep every key.
        call("clear", () -> {
            cache.removeAll();
            return null;
        });
        KeyIndex idx = index;
        if (idx != null) {
            idx.clear();
        }
    }

    @Override
    public long size() {
        flush();
        if (cfg.maxBufferSize() != ReplayBufferConfig.UNBOUNDED) {
            return liveKeys(Long.MIN_VALUE).size();
        }
        return call("size", () -> (long) cache.size(CachePeekMode.PRIMARY));
    }

    @Override
    public byte[] stateDict() {
        flush();
        List<ReplayKey> keys = liveKeys(Long.MIN_VALUE);
        Map<ReplayKey, ReplayEntry> values = call("stateDict", () -> cache.getAll(new LinkedHashSet<>(keys)));
        List<ReplayKey> present = new ArrayList<>(keys.size());
        List<ReplayEntry> entries = new ArrayList<>(keys.size());
        for (ReplayKey k : keys) {
            ReplayEntry e = values.get(k);
            if (e != null) { // removed by a concurrent sampler between listing and reading
                present.add(k);
                entries.add(e);
            }
        }
        return new ReplayState(
                        descriptor,
                        call("stateDict", () -> counters.get(name) == null ? 0L : counters.get(name)),
                        present,
                        entries)
                .encode();
    }

    @Override
    public void loadStateDict(byte[] state) {
        ReplayState s = ReplayState.decode(state);
        flush();
        if (!s.descriptor().equals(descriptor)) {
            throw new AnvilException("state belongs to a buffer with another element type or configuration [name="
                    + name + ", buffer=" + descriptor + ", state=" + s.descriptor() + "]");
        }
        Map<ReplayKey, ReplayEntry> all = new HashMap<>(s.keys().size() * 2);
        long maxSeq = 0;
        for (int i = 0; i < s.keys().size(); i++) {
            all.put(s.keys().get(i), s.entries().get(i));
            maxSeq = Math.max(maxSeq, s.keys().get(i).seq());
        }
        long seqFloor = maxSeq;
        call("loadStateDict", () -> {
            cache.removeAll();
            // In small requests: one huge putAll into a nearly full evicting region would halt a node.
            Map<ReplayKey, ReplayEntry> part = new HashMap<>();
            for (Map.Entry<ReplayKey, ReplayEntry> e : all.entrySet()) {
                part.put(e.getKey(), e.getValue());
                if (part.size() == STREAMER_BATCH) {
                    cache.putAll(part);
                    part.clear();
                }
            }
            cache.putAll(part);
            counters.put(name, s.draws());
            KeyIndex idx = index;
            if (idx != null) {
                idx.clear();
                idx.added(all.keySet());
            }
            long cur = seq.get();
            if (cur < seqFloor) { // new adds must not reuse a loaded entry's number
                seq.getAndAdd(seqFloor - cur);
            }
            return null;
        });
    }

    /**
     * Live keys, oldest first, after evicting entries stale for {@code currPolicyVersion} ({@code Long.MIN_VALUE}:
     * none) and dropping the oldest beyond {@code maxBufferSize}.
     */
    private List<ReplayKey> liveKeys(long currPolicyVersion) {
        Collection<long[]> parts = call(
                "list",
                () -> ignite.compute(ignite.cluster().forDataNodes(cache.getName()))
                        .broadcast(new LiveKeysTask(cache.getName(), currPolicyVersion, cfg.maxPolicyAge())));
        int total = parts.stream().mapToInt(p -> p.length / 3).sum();
        List<ReplayKey> keys = new ArrayList<>(total);
        for (long[] p : parts) {
            for (int i = 0; i < p.length; i += 3) {
                keys.add(new ReplayKey(p[i], p[i + 1], p[i + 2]));
            }
        }
        keys.sort(ReplayKey.AGE_ORDER);
        // A node that fails over mid-broadcast may report a partition twice.
        List<ReplayKey> unique = new ArrayList<>(keys.size());
        for (ReplayKey k : keys) {
            if (unique.isEmpty() || !unique.get(unique.size() - 1).equals(k)) {
                unique.add(k);
            }
        }
        long max = cfg.maxBufferSize();
        if (max != ReplayBufferConfig.UNBOUNDED && unique.size() > max) {
            List<ReplayKey> oldest = unique.subList(0, (int) (unique.size() - max));
            Set<ReplayKey> drop = new LinkedHashSet<>(oldest);
            call("trim", () -> {
                cache.removeAll(drop);
                return null;
            });
            StateStats.count(ignite, StateStats.bufferKey(name, "evictions"), drop.size());
            unique = new ArrayList<>(unique.subList(oldest.size(), unique.size()));
        }
        addsSinceTrim.set(0);
        return unique;
    }

    /** Hands this handle's unreported adds to the cluster-wide counter (one asynchronous invoke). */
    private void reportAdds() {
        addsReportedAt = System.nanoTime();
        StateStats.count(ignite, StateStats.bufferKey(name, "adds"), unreportedAdds.getAndSet(0));
    }

    /** Enforces {@code maxBufferSize} now and then; reads enforce it always, so callers never see more. */
    private void afterAdd(int added) {
        unreportedAdds.addAndGet(added);
        if (System.nanoTime() - addsReportedAt > ADDS_REPORT_NANOS) {
            reportAdds();
        }
        long max = cfg.maxBufferSize();
        if (max != ReplayBufferConfig.UNBOUNDED && addsSinceTrim.addAndGet(added) >= Math.max(64, max / 8)) {
            liveKeys(Long.MIN_VALUE);
        }
    }

    private long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }

    private <T> T call(String op, Supplier<T> action) {
        try {
            return action.get();
        } catch (IgniteException | javax.cache.CacheException e) {
            throw new StateUnavailableException(
                    "replay buffer " + op + " failed: " + e.getMessage() + " [name=" + name + "]", e);
        }
    }
}
