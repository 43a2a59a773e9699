package dev.anvil.internal.weights;

import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.apache.ignite.cache.CacheEntryEventSerializableFilter;

/**
 * Continuous-query filter, run where manifests live: passes only the change that commits a version, so a listener
 * hears of each version exactly once and never of a pending one.
 */
final class CommittedFilter implements CacheEntryEventSerializableFilter<Long, Manifest> {
    private static final long serialVersionUID = 1L;

    @Override
    public boolean evaluate(CacheEntryEvent<? extends Long, ? extends Manifest> e) {
        if (e.getEventType() != EventType.CREATED && e.getEventType() != EventType.UPDATED) {
            return false;
        }
        Manifest now = e.getValue();
        Manifest before = e.getOldValue();
        return now != null && now.committed() && (before == null || !before.committed());
    }
}
