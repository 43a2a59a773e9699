package dev.anvil.internal.replay;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Gives back a sample taken by {@link ClaimProcessor} when a draw cannot be completed, so that a {@code null} sample
 * leaves the buffer as it was: decrements the count, or puts back the entry the claim removed.
 */
final class UnclaimProcessor implements CacheEntryProcessor<ReplayKey, ReplayEntry, Void> {
    private static final long serialVersionUID = 1L;

    /** The entry as it was before the claim. */
    private final ReplayEntry before;

    UnclaimProcessor(ReplayEntry before) {
        this.before = before;
    }

    @Override
    public Void process(MutableEntry<ReplayKey, ReplayEntry> e, Object... args) {
        if (e.exists()) {
            ReplayEntry cur = e.getValue();
            e.setValue(cur.withSampleCount(Math.max(0, cur.sampleCount() - 1)));
        } else {
            e.setValue(before);
        }
        return null;
    }
}
