package dev.anvil.internal.replay;

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
import java.util.function.Supplier;
import javax.cache.processor.EntryProcessorResult;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicLong;
import org.apache.ignite.IgniteAtomicSequence;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cache.CachePeekMode;

/**
 * A {@link ReplayBuffer} over one Ignite cache of {@link ReplayKey} to {@link ReplayEntry}.
 *
 * <p>Adds are plain cache puts (no queue, no lock). A sample lists the live keys with one broadcast
 * ({@link LiveKeysJob}, which also evicts stale entries where they live), draws candidates with a seeded random
 * permutation, and claims each with an entry processor ({@link ClaimProcessor}); a claim that loses a race is replaced
 * by the next candidate, and a draw that cannot be completed gives its claims back. Nothing waits on anything, so a
 * producer and a consumer never deadlock, whatever {@code maxPolicyAge}.
 */
final class IgniteReplayBuffer<E> implements ReplayBuffer<E> {
    /**
     * Largest write request. Ignite makes room in an evicting region once per request: a request larger than the
     * region's free headroom runs it out of pages, and that halts the node (measured: 1 MiB batches into a full
     * 16 MiB region did, 128 KiB batches did not).
     */
    static final long MAX_WRITE_BYTES = 128 << 10;
    private final Ignite ignite;
    private final String name;
    private final String descriptor;
    private final ReplayBufferConfig cfg;
    private final ElementCodec<E> codec;
    private final IgniteCache<ReplayKey, ReplayEntry> cache;
    private final IgniteAtomicSequence seq;
    private final IgniteAtomicLong draws;
    private final Clock clock = Clock.systemUTC();
    /** Adds through this handle since it last enforced {@code maxBufferSize}. */
    private final AtomicLong addsSinceTrim = new AtomicLong();

    IgniteReplayBuffer(Ignite ignite, String name, String descriptor, ReplayBufferConfig cfg, ElementCodec<E> codec,
            IgniteCache<ReplayKey, ReplayEntry> cache, IgniteAtomicSequence seq, IgniteAtomicLong draws) {
        this.ignite = ignite;
        this.name = name;
        this.descriptor = descriptor;
        this.cfg = cfg;
        this.codec = codec;
        this.cache = cache;
        this.seq = seq;
        this.draws = draws;
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
        ReplayKey key = new ReplayKey(nowMicros(), call("add", seq::incrementAndGet), policyVersion);
        call("add", () -> {
            cache.put(key, new ReplayEntry(0, payload));
            return null;
        });
        afterAdd(1);
    }

    @Override
    public void addAll(List<? extends E> elements, long policyVersion) {
        if (elements.isEmpty()) {
            return;
        }
        List<byte[]> payloads = elements.stream().map(codec::encode).toList(); // all or nothing: encode first
        long micros = nowMicros();
        Map<ReplayKey, ReplayEntry> batch = new HashMap<>();
        long batchBytes = 0;
        for (byte[] payload : payloads) {
            batch.put(new ReplayKey(micros, call("addAll", seq::incrementAndGet), policyVersion),
                    new ReplayEntry(0, payload));
            batchBytes += payload.length;
            if (batchBytes >= MAX_WRITE_BYTES) {
                putAll(batch);
                batch = new HashMap<>();
                batchBytes = 0;
            }
        }
        if (!batch.isEmpty()) {
            putAll(batch);
        }
        afterAdd(elements.size());
    }

    private void putAll(Map<ReplayKey, ReplayEntry> batch) {
        call("addAll", () -> {
            cache.putAll(batch);
            return null;
        });
    }

    @Override
    public List<List<E>> sample(long currPolicyVersion) {
        List<ReplayKey> live = liveKeys(currPolicyVersion);
        int want = cfg.samplesPerDraw();
        if (live.size() < want) {
            return null;
        }
        SplittableRandom rng = new SplittableRandom(cfg.seed() * 0x9E3779B97F4A7C15L + call("sample", draws::incrementAndGet));
        Map<ReplayKey, ReplayEntry> claimed = claim(live, want, rng, currPolicyVersion);
        if (claimed.size() < want) {
            release(claimed);
            return null;
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
        return lists;
    }

    /** Claims {@code want} entries in the seeded random order; fewer when races or evictions leave too few. */
    private Map<ReplayKey, ReplayEntry> claim(List<ReplayKey> live, int want, SplittableRandom rng, long curr) {
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
            Map<ReplayKey, EntryProcessorResult<ReplayEntry>> res = call("sample", () -> cache.invokeAll(batch, processor));
            for (ReplayKey k : batch) {
                EntryProcessorResult<ReplayEntry> r = res.get(k);
                ReplayEntry before = r == null ? null : r.get();
                if (before != null) {
                    claimed.put(k, before);
                }
            }
        }
        return claimed;
    }

    private void release(Map<ReplayKey, ReplayEntry> claimed) {
        for (Map.Entry<ReplayKey, ReplayEntry> e : claimed.entrySet()) {
            call("sample", () -> cache.invoke(e.getKey(), new UnclaimProcessor(e.getValue())));
        }
    }

    @Override
    public void evict(long currPolicyVersion) {
        liveKeys(currPolicyVersion);
    }

    @Override
    public void clear() {
        call("clear", () -> {
            cache.clear();
            return null;
        });
    }

    @Override
    public long size() {
        if (cfg.maxBufferSize() != ReplayBufferConfig.UNBOUNDED) {
            return liveKeys(Long.MIN_VALUE).size();
        }
        return call("size", () -> (long) cache.size(CachePeekMode.PRIMARY));
    }

    @Override
    public byte[] stateDict() {
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
        return new ReplayState(descriptor, call("stateDict", draws::get), present, entries).encode();
    }

    @Override
    public void loadStateDict(byte[] state) {
        ReplayState s = ReplayState.decode(state);
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
            cache.clear();
            cache.putAll(all);
            draws.getAndSet(s.draws());
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
        Collection<long[]> parts = call("list", () -> ignite.compute(ignite.cluster().forDataNodes(cache.getName()))
                .broadcast(new LiveKeysJob(cache.getName(), currPolicyVersion, cfg.maxPolicyAge())));
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
            unique = new ArrayList<>(unique.subList(oldest.size(), unique.size()));
        }
        addsSinceTrim.set(0);
        return unique;
    }

    /** Enforces {@code maxBufferSize} now and then; reads enforce it always, so callers never see more. */
    private void afterAdd(int added) {
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
            throw new StateUnavailableException("replay buffer " + op + " failed: " + e.getMessage() + " [name=" + name
                    + "]", e);
        }
    }
}
