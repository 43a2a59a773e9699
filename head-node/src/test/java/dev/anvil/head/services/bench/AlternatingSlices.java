package dev.anvil.head.services.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The timing the benchmarks share: a baseline and a candidate measured in alternating slices of
 * {@code -Dbench.sliceMillis} (default 1500), {@code -Dbench.rounds} (default 3) rounds of two, so load from other
 * processes hits both sides alike; and the calls/s of asynchronous calls with a fixed number in flight over one slice.
 */
final class AlternatingSlices {
    /** Rounds of each pair; each round measures both sides twice, in both orders. */
    static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    /** Length of one measured slice. */
    static final long MILLIS = Long.getLong("bench.sliceMillis", 1500);

    private AlternatingSlices() {}

    /** A measurement of one slice that may wait. */
    @FunctionalInterface
    interface Measure {
        double run() throws InterruptedException;
    }

    /** Runs baseline and candidate alternately {@code 2 * ROUNDS} times; returns the mean of each, baseline first. */
    static double[] pair(Measure baseline, Measure candidate) throws InterruptedException {
        double[] sum = new double[2];
        for (int i = 0; i < 2 * ROUNDS; i++) {
            boolean baseFirst = i % 2 == 0;
            double a = baseFirst ? baseline.run() : candidate.run();
            double b = baseFirst ? candidate.run() : baseline.run();
            sum[0] += baseFirst ? a : b;
            sum[1] += baseFirst ? b : a;
        }
        return new double[] {sum[0] / (2 * ROUNDS), sum[1] / (2 * ROUNDS)};
    }

    /**
     * Calls/s of {@code call} over one slice with {@code inFlight} calls in flight; waits for the stragglers after.
     *
     * @throws IllegalStateException when a call failed, so a failure never counts as a fast call
     */
    static double callsPerSecond(int inFlight, Supplier<CompletableFuture<?>> call) throws InterruptedException {
        Semaphore slots = new Semaphore(inFlight);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(MILLIS);
        while (System.nanoTime() < end) {
            slots.acquire();
            call.get().whenComplete((v, t) -> {
                (t == null ? done : failed).incrementAndGet();
                slots.release();
            });
        }
        long count = done.get();
        double secs = (System.nanoTime() - start) / 1e9;
        slots.acquire(inFlight);
        if (failed.get() > 0) {
            throw new IllegalStateException("calls failed during the benchmark [failed=" + failed.get() + "]");
        }
        return count / secs;
    }
}
