package dev.anvil.worker.replica;

import dev.anvil.internal.registry.ReplicaLoad;
import java.util.concurrent.atomic.LongAdder;

/** Call counters of one replica host, reported by health probes. */
final class ReplicaStats {
    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    void record(long elapsedNanos, boolean failed) {
        requests.increment();
        nanos.add(elapsedNanos);
        if (failed) {
            failures.increment();
        }
    }

    double meanLatencyMs() {
        long n = requests.sum();
        return n == 0 ? 0 : nanos.sum() / 1e6 / n;
    }

    ReplicaLoad snapshot(int inFlight, int queued) {
        long n = requests.sum();
        return new ReplicaLoad(inFlight, queued, n, failures.sum(), n == 0 ? 0 : nanos.sum() / 1e6 / n);
    }
}
