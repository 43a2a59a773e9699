package dev.anvil.internal.replay;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/** Adds one to a counter entry (absent counts as 0) and returns the new value: one round trip, on an ATOMIC cache. */
final class IncrementProcessor implements CacheEntryProcessor<String, Long, Long> {
    private static final long serialVersionUID = 1L;

    @Override
    public Long process(MutableEntry<String, Long> e, Object... args) {
        long next = (e.exists() ? e.getValue() : 0L) + 1;
        e.setValue(next);
        return next;
    }
}
