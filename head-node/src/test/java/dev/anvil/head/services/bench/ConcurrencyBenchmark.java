package dev.anvil.head.services.bench;

import static dev.anvil.head.services.bench.AlternatingSlices.callsPerSecond;
import static dev.anvil.head.services.bench.AlternatingSlices.pair;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.testkit.ProcessCluster;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * What the safe default costs: {@code route()} throughput of a 2-replica service with the sequential default (one call
 * at a time per actor) side by side with the old default, {@code maxConcurrentRequests(10)} (the baseline), on the same
 * cluster (head + 2 worker JVMs, this JVM a client), 32 calls in flight, for an instant endpoint and for one that waits
 * 5 ms. The two services are measured in alternating slices ({@link AlternatingSlices}). See BENCHMARKS.md for the
 * command.
 */
public final class ConcurrencyBenchmark {
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

    /** Calls/s of {@code call} on {@code svc} with {@link #IN_FLIGHT} calls in flight for one slice. */
    private static double rate(
            ServiceHandle<WorkActor> svc, Function<ServiceHandle<WorkActor>, CompletableFuture<?>> call)
            throws InterruptedException {
        return callsPerSecond(IN_FLIGHT, () -> call.apply(svc));
    }
}
