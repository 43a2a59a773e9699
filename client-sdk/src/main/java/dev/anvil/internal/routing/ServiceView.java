package dev.anvil.internal.routing;

import dev.anvil.internal.registry.ReplicaRecord;
import java.util.Arrays;
import java.util.Comparator;
import java.util.concurrent.ConcurrentHashMap;

/** The replicas of one service as this caller sees them, with an index-ordered snapshot for lock-free routing. */
public final class ServiceView {
    private final String service;
    private final ConcurrentHashMap<Integer, ReplicaEntry> byIndex = new ConcurrentHashMap<>();
    private volatile ReplicaEntry[] snapshot = new ReplicaEntry[0];

    ServiceView(String service) {
        this.service = service;
    }

    /** The service name. */
    public String service() {
        return service;
    }

    /** The replicas, in index order. */
    public ReplicaEntry[] replicas() {
        return snapshot;
    }

    /** The replica {@code index}, or {@code null}. */
    public ReplicaEntry replica(int index) {
        return byIndex.get(index);
    }

    synchronized void apply(ReplicaRecord r) {
        ReplicaEntry e = byIndex.get(r.index());
        if (e == null) {
            byIndex.put(r.index(), new ReplicaEntry(r));
            rebuild();
        } else {
            e.update(r);
        }
    }

    synchronized void remove(int index) {
        if (byIndex.remove(index) != null) {
            rebuild();
        }
    }

    private void rebuild() {
        ReplicaEntry[] s = byIndex.values().toArray(new ReplicaEntry[0]);
        Arrays.sort(s, Comparator.comparingInt(ReplicaEntry::index));
        snapshot = s;
    }
}
