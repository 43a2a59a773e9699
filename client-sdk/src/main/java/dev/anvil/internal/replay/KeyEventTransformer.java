package dev.anvil.internal.replay;

import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.apache.ignite.lang.IgniteClosure;

/**
 * Runs where entries change: turns a change of a replay entry into {@code [present, addedAtMicros, seq,
 * policyVersion]}, so samplers learn which keys exist without receiving the payloads.
 */
final class KeyEventTransformer
        implements IgniteClosure<CacheEntryEvent<? extends ReplayKey, ? extends ReplayEntry>, long[]> {
    private static final long serialVersionUID = 1L;

    @Override
    public long[] apply(CacheEntryEvent<? extends ReplayKey, ? extends ReplayEntry> e) {
        ReplayKey k = e.getKey();
        boolean present = e.getEventType() == EventType.CREATED || e.getEventType() == EventType.UPDATED;
        return new long[] {present ? 1 : 0, k.addedAtMicros(), k.seq(), k.policyVersion()};
    }
}
