package dev.anvil.internal.replay;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Atomically takes one sample of an entry on its primary node: the entry's sample count is the one authority, so each
 * element is sampled at most {@code maxResampleCount + 1} times however many processes sample at once. Returns the
 * entry as it was before the claim, or {@code null} when it is gone, too old or sampled out (then it is removed).
 */
final class ClaimProcessor implements CacheEntryProcessor<ReplayKey, ReplayEntry, ReplayEntry> {
    private static final long serialVersionUID = 1L;

    /** Policy version of the sampler. */
    private final long currPolicyVersion;
    /** See {@link dev.anvil.sdk.ReplayBufferConfig#maxPolicyAge()}. */
    private final long maxPolicyAge;
    /** See {@link dev.anvil.sdk.ReplayBufferConfig#maxResampleCount()}. */
    private final int maxResampleCount;

    ClaimProcessor(long currPolicyVersion, long maxPolicyAge, int maxResampleCount) {
        this.currPolicyVersion = currPolicyVersion;
        this.maxPolicyAge = maxPolicyAge;
        this.maxResampleCount = maxResampleCount;
    }

    @Override
    public ReplayEntry process(MutableEntry<ReplayKey, ReplayEntry> e, Object... args) {
        if (!e.exists()) {
            return null;
        }
        ReplayEntry cur = e.getValue();
        if (ReplayKey.isStale(e.getKey().policyVersion(), currPolicyVersion, maxPolicyAge)
                || cur.sampleCount() > maxResampleCount) {
            e.remove();
            return null;
        }
        int taken = cur.sampleCount() + 1;
        if (taken > maxResampleCount) {
            e.remove(); // sampled out: TorchForge would drop it at the next eviction anyway
        } else {
            e.setValue(cur.withSampleCount(taken));
        }
        return cur;
    }
}
