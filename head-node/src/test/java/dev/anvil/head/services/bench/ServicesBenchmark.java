package dev.anvil.head.services.bench;

import static dev.anvil.head.services.bench.AlternatingSlices.MILLIS;
import static dev.anvil.head.services.bench.AlternatingSlices.callsPerSecond;
import static dev.anvil.head.services.bench.AlternatingSlices.pair;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.Session;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.ProcessCluster;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCompute;
import org.apache.ignite.cluster.ClusterGroup;
import org.apache.ignite.lang.IgniteCallable;

/**
 * Anvil's service calls side by side with raw Ignite on the same cluster (head + 2 worker JVMs, this JVM a client):
 * route() vs a service proxy, 64 in flight vs 64 proxy threads, fanout() to 4 replicas vs a compute broadcast, and a
 * session route() vs a plain route(). Each pair is measured alternately, in rounds ({@link AlternatingSlices}). See
 * BENCHMARKS.md for the command.
 */
public final class ServicesBenchmark {
    private ServicesBenchmark() {}

    /** A compute job that answers at once, for the broadcast baseline. */
    static final class Pong implements IgniteCallable<Integer> {
        private static final long serialVersionUID = 1L;

        @Override
        public Integer call() {
            return 1;
        }
    }

    public static void main(String[] args) throws Exception {
        try (ProcessCluster cluster =
                        ProcessCluster.builder().workers(2).heap("512m").start();
                Anvil anvil = Anvil.connect(cluster.address())) {
            Ignite ignite = Clusters.ignite(anvil);
            ClusterGroup workers = ignite.cluster().forAttribute(NodeAttributes.ROLE, "worker");
            ignite.services(workers).deployNodeSingleton("raw-ping", new RawPingService());
            PingService proxy = ignite.services().serviceProxy("raw-ping", PingService.class, false);
            ServiceHandle<PingActor> svc = anvil.options(PingActor.class)
                    .name("bench")
                    .numReplicas(4)
                    .maxConcurrentRequests(64)
                    .asService();
            IgniteCompute broadcast = ignite.compute(workers);

            List<String> rows = new ArrayList<>();
            warm(proxy, svc, broadcast);
            // Each pair runs in alternating slices, so load from other processes hits both sides alike.
            double[] sync = pair(
                    () -> syncRate(() -> proxy.ping(1)),
                    () -> syncRate(
                            () -> svc.endpoint(PingActor::ping, 1).route().join()));
            double[] many = pair(() -> proxyThreads(proxy, 64), () -> routeInFlight(svc, 64));
            double[] fan = pair(
                    () -> p50Micros(() -> broadcast.broadcast(new Pong())),
                    () -> p50Micros(
                            () -> svc.endpoint(PingActor::ping, 1).fanout().join()));
            double[] sess;
            try (Session<PingActor> s = svc.session()) {
                sess = pair(
                        () -> syncRate(
                                () -> svc.endpoint(PingActor::ping, 1).route().join()),
                        () -> syncRate(
                                () -> s.endpoint(PingActor::ping, 1).route().join()));
            }
            rows.add(row("route() sync round trips/s, 1 thread", "raw service proxy", sync[0], sync[1], "higher", 0.8));
            rows.add(row("calls/s with 64 in flight", "raw proxy, 64 threads", many[0], many[1], "higher", 0.8));
            rows.add(row(
                    "fanout() to 4 replicas, p50 µs", "compute broadcast to 2 workers", fan[0], fan[1], "lower", 1.5));
            rows.add(row("session route() sync round trips/s", "plain route()", sess[0], sess[1], "higher", 1 / 1.1));
            System.out.println();
            System.out.println("| measure | baseline | baseline | Anvil | Anvil / baseline | goal |");
            System.out.println("|---|---|---:|---:|---:|---|");
            rows.forEach(System.out::println);
            svc.shutdown().join();
        }
    }

    private static String row(String what, String base, double baseline, double anvil, String better, double goal) {
        double ratio = anvil / baseline;
        String g = better.equals("higher")
                ? String.format(Locale.ROOT, ">= %.2fx", goal)
                : String.format(Locale.ROOT, "<= %.2fx", goal);
        boolean met = better.equals("higher") ? ratio >= goal : ratio <= goal;
        return String.format(
                Locale.ROOT,
                "| %s | %s | %.0f | %.0f | %.2fx | %s %s |",
                what,
                base,
                baseline,
                anvil,
                ratio,
                g,
                met ? "(met)" : "(missed)");
    }

    private static void warm(PingService proxy, ServiceHandle<PingActor> svc, IgniteCompute broadcast) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (System.nanoTime() < end) {
            proxy.ping(1);
            svc.endpoint(PingActor::ping, 1).route().join();
            svc.endpoint(PingActor::ping, 1).fanout().join();
            broadcast.broadcast(new Pong());
        }
    }

    private static double syncRate(Runnable call) {
        long n = 0;
        long start = System.nanoTime();
        long end = start + TimeUnit.MILLISECONDS.toNanos(MILLIS);
        while (System.nanoTime() < end) {
            call.run();
            n++;
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    private static double p50Micros(Runnable call) {
        List<Long> lat = new ArrayList<>();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MILLIS);
        while (System.nanoTime() < end) {
            long t = System.nanoTime();
            call.run();
            lat.add(System.nanoTime() - t);
        }
        lat.sort(Long::compare);
        return lat.get(lat.size() / 2) / 1000.0;
    }

    private static double proxyThreads(PingService proxy, int threads) throws InterruptedException {
        AtomicLong n = new AtomicLong();
        AtomicBoolean run = new AtomicBoolean(true);
        CountDownLatch done = new CountDownLatch(threads);
        for (int i = 0; i < threads; i++) {
            new Thread(
                            () -> {
                                while (run.get()) {
                                    proxy.ping(1);
                                    n.incrementAndGet();
                                }
                                done.countDown();
                            },
                            "raw-proxy-" + i)
                    .start();
        }
        long start = System.nanoTime();
        TimeUnit.MILLISECONDS.sleep(MILLIS);
        long count = n.get();
        double secs = (System.nanoTime() - start) / 1e9;
        run.set(false);
        done.await();
        return count / secs;
    }

    private static double routeInFlight(ServiceHandle<PingActor> svc, int inFlight) throws InterruptedException {
        return callsPerSecond(inFlight, () -> svc.endpoint(PingActor::ping, 1).route());
    }
}
