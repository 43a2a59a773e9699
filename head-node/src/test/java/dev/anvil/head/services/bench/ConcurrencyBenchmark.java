package dev.anvil.head.services.bench;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.testkit.ProcessCluster;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * What the safe default costs: {@code route()} throughput of a 2-replica service with the sequential default (one call
 * at a time per actor) side by side with the old default, {@code maxConcurrentRequests(10)} (the baseline), on the same
 * cluster (head + 2 worker JVMs, this JVM a client), 32 calls in flight, for an instant endpoint and for one that waits
 * 5 ms. The two services are measured in alternating slices. See BENCHMARKS.md for the command.
 */
public final class ConcurrencyBenchmark {
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final long MILLIS = Long.getLong("bench.sliceMillis", 1500);
    private static final int IN_FLIGHT = Integer.getInteger("bench.inFlight", 32);

    private ConcurrencyBenchmark() {}

    public static void main(String[] args) throws Exception {
        try (ProcessCluster cluster =
                        ProcessCluster.builder().workers(2).heap("512m").start();
                Anvil anvil = Anvil.connect(cluster.address())) {
            ServiceHandle<WorkActor> sequential = anvil.options(WorkActor.class)
                    .name("sequential")
                    .numReplicas(2)
                    .asService();
            ServiceHandle<WorkActor> concurrent = anvil.options(WorkActor.class)
                    .name("concurrent")
                    .numReplicas(2)
                    .maxConcurrentRequests(10)
                    .asService();
            Function<ServiceHandle<WorkActor>, CompletableFuture<?>> ping =
                    s -> s.endpoint(WorkActor::ping, 1).route();
            Function<ServiceHandle<WorkActor>, CompletableFuture<?>> wait5 =
                    s -> s.endpoint(WorkActor::waitMs, 5).route();
            for (int i = 0; i < 3; i++) {
                rate(sequential, ping);
                rate(concurrent, ping);
            }
            double[] instant = pair(() -> rate(concurrent, ping), () -> rate(sequential, ping));
            double[] waiting = pair(() -> rate(concurrent, wait5), () -> rate(sequential, wait5));
            System.out.println();
            System.out.println("| endpoint (" + IN_FLIGHT
                    + " calls in flight, 2 replicas) | maxConcurrentRequests(10), calls/s | default (1), calls/s"
                    + " | default / 10 |");
            System.out.println("|---|---:|---:|---:|");
            System.out.println(row("instant (`ping`)", instant));
            System.out.println(row("waits 5 ms (`waitMs(5)`)", waiting));
            sequential.shutdown().join();
            concurrent.shutdown().join();
        }
    }

    private static String row(String what, double[] r) {
        return String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.2fx |", what, r[0], r[1], r[1] / r[0]);
    }

    /** A measurement that may wait. */
    @FunctionalInterface
    interface Measure {
        double run() throws InterruptedException;
    }

    /** Runs baseline and candidate alternately {@code 2 * ROUNDS} times; returns the mean of each. */
    private static double[] pair(Measure baseline, Measure candidate) throws InterruptedException {
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

    /** Calls/s of {@code call} on {@code svc} with {@link #IN_FLIGHT} calls in flight for one slice. */
    private static double rate(
            ServiceHandle<WorkActor> svc, Function<ServiceHandle<WorkActor>, CompletableFuture<?>> call)
            throws InterruptedException {
        Semaphore slots = new Semaphore(IN_FLIGHT);
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(MILLIS);
        while (System.nanoTime() < end) {
            slots.acquire();
            call.apply(svc).whenComplete((v, t) -> {
                (t == null ? done : failed).incrementAndGet();
                slots.release();
            });
        }
        long count = done.get();
        double secs = (System.nanoTime() - start) / 1e9;
        slots.acquire(IN_FLIGHT);
        if (failed.get() > 0) {
            throw new IllegalStateException("calls failed during the benchmark [failed=" + failed.get() + "]");
        }
        return count / secs;
    }
}
