package dev.anvil.internal.replay;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.Supplier;
import javax.cache.Cache;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQueryWithTransformer;
import org.apache.ignite.cache.query.QueryCursor;

/**
 * A sampling handle's view of a buffer's keys, oldest first, so that a sample needs no listing round trip: fed by
 * the handle's own writes at once and by everyone else's through a continuous query that ships keys only
 * ({@link KeyEventTransformer}). It may lag others' writes by a moment and may hold keys already gone (page
 * eviction and {@code clear} send no events): a claim of a gone key fails and removes it here.
 */
final class KeyIndex implements AutoCloseable {
    private final ConcurrentSkipListSet<ReplayKey> keys = new ConcurrentSkipListSet<>(ReplayKey.AGE_ORDER);
    private final QueryCursor<Cache.Entry<ReplayKey, ReplayEntry>> cursor;

    /**
     * Subscribes first, then loads the current keys, so that no add falls between the two.
     *
     * @param current the keys that exist now
     */
    KeyIndex(IgniteCache<ReplayKey, ReplayEntry> cache, Supplier<List<ReplayKey>> current) {
        ContinuousQueryWithTransformer<ReplayKey, ReplayEntry, long[]> q = new ContinuousQueryWithTransformer<>();
        q.setRemoteTransformerFactory(KeyEventTransformer::new);
        q.setLocalListener(events -> {
            for (long[] e : events) {
                ReplayKey k = new ReplayKey(e[1], e[2], e[3]);
                if (e[0] == 1) {
                    keys.add(k);
                } else {
                    keys.remove(k);
                }
            }
        });
        this.cursor = cache.query(q);
        try {
            keys.addAll(current.get());
        } catch (RuntimeException e) {
            cursor.close();
            throw e;
        }
    }

    /** The keys, oldest first. */
    List<ReplayKey> snapshot() {
        return new ArrayList<>(keys);
    }

    void added(Collection<ReplayKey> ks) {
        keys.addAll(ks);
    }

    void added(ReplayKey k) {
        keys.add(k);
    }

    void removed(Collection<ReplayKey> ks) {
        for (ReplayKey k : ks) { // not removeAll: with a List argument it is quadratic
            keys.remove(k);
        }
    }

    void removed(ReplayKey k) {
        keys.remove(k);
    }

    void clear() {
        keys.clear();
    }

    @Override
    public void close() {
        cursor.close();
    }
}
