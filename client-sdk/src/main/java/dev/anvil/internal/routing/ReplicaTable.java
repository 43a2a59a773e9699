package dev.anvil.internal.routing;

import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ReplicaTableUpdate;
import dev.anvil.internal.registry.ServiceCaches;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import javax.cache.event.EventType;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.lang.IgniteBiPredicate;

/**
 * This process's copy of the replica table, kept current by a continuous query on {@code anvil-replicas}: callers
 * route from it without asking the head.
 */
public final class ReplicaTable implements AutoCloseable {
    private final IgniteCache<String, ReplicaRecord> cache;
    private final ConcurrentHashMap<String, ServiceView> views = new ConcurrentHashMap<>();
    private final QueryCursor<Cache.Entry<String, ReplicaRecord>> cursor;
    private final Ignite ignite;
    private final IgniteBiPredicate<UUID, Object> pushListener;

    /** Starts watching the replica table of {@code ignite}'s cluster. */
    public ReplicaTable(Ignite ignite) {
        this.ignite = ignite;
        this.cache = ServiceCaches.replicas(ignite);
        // Pushed changes first: they arrive even while a frozen worker holds up the cache's synchronous writes.
        this.pushListener = (node, msg) -> {
            if (msg instanceof ReplicaTableUpdate u) {
                if (u.record() != null) {
                    apply(u.record());
                } else {
                    removeKey(u.key(), null);
                }
            }
            return true;
        };
        ignite.message().localListen(ReplicaTableUpdate.TOPIC, pushListener);
        ContinuousQuery<String, ReplicaRecord> q = new ContinuousQuery<>();
        q.setInitialQuery(new ScanQuery<>());
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends ReplicaRecord> e : events) {
                if (e.getEventType() == EventType.REMOVED || e.getEventType() == EventType.EXPIRED) {
                    ReplicaRecord old = e.getOldValue();
                    removeKey(e.getKey(), old);
                } else if (e.getValue() != null) {
                    apply(e.getValue());
                }
            }
        });
        this.cursor = cache.query(q);
        for (Cache.Entry<String, ReplicaRecord> e : cursor) {
            apply(e.getValue());
        }
    }

    /** The view of {@code service} (empty when the service has no replicas). */
    public ServiceView view(String service) {
        return views.computeIfAbsent(service, ServiceView::new);
    }

    /** Reads the rows of replicas {@code 0..count-1} of {@code service} straight from the cache. */
    public void refresh(String service, int count) {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < count; i++) {
            keys.add(ReplicaRecord.key(service, i));
        }
        cache.getAll(keys).values().forEach(this::apply);
    }

    /** Applies rows received from the head (newer versions win, as always). */
    public void applyAll(List<ReplicaRecord> rows) {
        rows.forEach(this::apply);
    }

    /** Drops every row of {@code service} from this copy, after the service was shut down. */
    public void forget(String service) {
        ServiceView v = view(service);
        for (ReplicaEntry e : v.replicas()) {
            v.remove(e.index());
        }
    }

    /** The rows of {@code service}, in index order. */
    public List<ReplicaRecord> records(String service) {
        List<ReplicaRecord> out = new ArrayList<>();
        for (ReplicaEntry e : view(service).replicas()) {
            out.add(e.record());
        }
        return out;
    }

    private void apply(ReplicaRecord r) {
        view(r.service()).apply(r);
    }

    private void removeKey(String key, ReplicaRecord old) {
        int hash = key.lastIndexOf('#');
        if (hash > 0) {
            view(key.substring(0, hash)).remove(Integer.parseInt(key.substring(hash + 1)));
        } else if (old != null) {
            view(old.service()).remove(old.index());
        }
    }

    @Override
    public void close() {
        ignite.message().stopLocalListen(ReplicaTableUpdate.TOPIC, pushListener);
        cursor.close();
    }
}
