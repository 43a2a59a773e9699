package dev.anvil.worker.replica;

import dev.anvil.internal.registry.ReplicaLoad;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/** Call counters of one replica host, reported by health probes: counts, failures and a latency histogram. */
final class ReplicaStats {
    private static final double[] BOUNDS = ReplicaLoad.LATENCY_BOUNDS_SECONDS;

    private final LongAdder requests = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private final AtomicLongArray buckets = new AtomicLongArray(BOUNDS.length + 1);

    void record(long elapsedNanos, boolean failed) {
        buckets.incrementAndGet(bucketOf(elapsedNanos / 1e9));
        nanos.add(elapsedNanos);
        if (failed) {
            failures.increment();
        }
        requests.increment(); // last: a snapshot never counts a request whose latency it has not seen
    }

    private static int bucketOf(double seconds) {
        for (int i = 0; i < BOUNDS.length; i++) {
            if (seconds <= BOUNDS[i]) {
                return i;
            }
        }
        return BOUNDS.length;
    }

    double meanLatencyMs() {
        long n = requests.sum();
        return n == 0 ? 0 : nanos.sum() / 1e6 / n;
    }

    ReplicaLoad snapshot(int inFlight, int queued) {
        long n = requests.sum();
        long[] counts = new long[buckets.length()];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = buckets.get(i);
        }
        double sumNanos = nanos.sum();
        return new ReplicaLoad(
                inFlight, queued, n, failures.sum(), n == 0 ? 0 : sumNanos / 1e6 / n, counts, sumNanos / 1e9);
    }
}
