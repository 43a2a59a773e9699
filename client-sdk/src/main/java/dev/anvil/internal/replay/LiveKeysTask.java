package dev.anvil.internal.replay;

import dev.anvil.internal.state.StateStats;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.binary.BinaryObject;
import org.apache.ignite.cache.CachePeekMode;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Runs on every data node: lists the keys of the replay entries this node is primary for, first removing those too
 * old for the sampler. Keys only travel back, packed as {@code [addedAtMicros, seq, policyVersion]} triples.
 */
final class LiveKeysTask implements IgniteCallable<long[]> {
    private static final long serialVersionUID = 1L;

    /** Cache of the buffer. */
    private final String cacheName;
    /** Sampler's policy version, or {@code Long.MIN_VALUE} to evict nothing. */
    private final long currPolicyVersion;
    /** See {@link dev.anvil.sdk.ReplayBufferConfig#maxPolicyAge()}. */
    private final long maxPolicyAge;

    @IgniteInstanceResource
    private transient Ignite ignite;

    LiveKeysTask(String cacheName, long currPolicyVersion, long maxPolicyAge) {
        this.cacheName = cacheName;
        this.currPolicyVersion = currPolicyVersion;
        this.maxPolicyAge = maxPolicyAge;
    }

    @Override
    public long[] call() {
        IgniteCache<BinaryObject, BinaryObject> cache = ignite.cache(cacheName).withKeepBinary();
        if (cache == null) {
            return new long[0];
        }
        boolean evict = currPolicyVersion != Long.MIN_VALUE;
        List<long[]> live = new ArrayList<>();
        Set<BinaryObject> stale = new HashSet<>();
        // Keep-binary: the payloads stay serialized bytes; only the three key fields are read.
        for (Cache.Entry<BinaryObject, BinaryObject> e : cache.localEntries(CachePeekMode.PRIMARY)) {
            BinaryObject k = e.getKey();
            long version = k.<Long>field("policyVersion");
            if (evict && ReplayKey.isStale(version, currPolicyVersion, maxPolicyAge)) {
                stale.add(k);
            } else {
                live.add(new long[] {k.<Long>field("addedAtMicros"), k.<Long>field("seq"), version});
            }
        }
        if (!stale.isEmpty()) {
            cache.removeAll(stale);
            StateStats.count(
                    ignite, StateStats.bufferKey(ReplayBuffers.bufferName(cacheName), "evictions"), stale.size());
        }
        long[] packed = new long[live.size() * 3];
        for (int i = 0; i < live.size(); i++) {
            System.arraycopy(live.get(i), 0, packed, i * 3, 3);
        }
        return packed;
    }
}
