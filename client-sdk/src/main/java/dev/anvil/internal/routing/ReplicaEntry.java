package dev.anvil.internal.routing;

import dev.anvil.internal.registry.ReplicaRecord;
import java.util.concurrent.atomic.AtomicInteger;

/** A caller's view of one replica: the latest table row plus this caller's own in-flight count and breaker. */
public final class ReplicaEntry {
    private volatile ReplicaRecord record;
    final AtomicInteger inFlight = new AtomicInteger();
    final CircuitBreaker breaker = new CircuitBreaker();

    ReplicaEntry(ReplicaRecord record) {
        this.record = record;
    }

    /** The latest row of the replica table for this replica. */
    public ReplicaRecord record() {
        return record;
    }

    /** Calls this caller has in flight to the replica. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Replaces the row if {@code r} is newer. */
    synchronized boolean update(ReplicaRecord r) {
        if (r.generation() > record.generation()
                || r.generation() == record.generation() && r.version() > record.version()) {
            record = r;
            return true;
        }
        return false;
    }

    /** The replica index. */
    public int index() {
        return record.index();
    }
}
