package dev.anvil.head.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.status.ServicesSection;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.Autoscale;
import dev.anvil.sdk.Endpoint;
import dev.anvil.sdk.ReplicaContext;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ReplicaState;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.Session;
import dev.anvil.testkit.CallStream;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Head + 2 worker JVMs with one GPU each, a GPU service autoscaled between 1 and 3 replicas with short delays, under a
 * steady load from 6 callers: it grows to the 2 replicas the GPUs allow (status says why not 3), then, idle, drains back
 * to 1, with no failed call across both changes; a session pinned to the removed replica moves on.
 */
@ProcessTest
class AutoscaleProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(150);

    /** A call that takes a while: the load the autoscaler sees. */
    public static class Napper {
        @Endpoint
        public int nap(long ms) throws InterruptedException {
            Thread.sleep(ms);
            return ReplicaContext.current().replica();
        }
    }

    private static long live(ServiceHandle<Napper> svc) {
        return svc.replicas().stream()
                .filter(r -> r.state() == ReplicaState.HEALTHY || r.state() == ReplicaState.OVERLOADED)
                .count();
    }

    @Test
    void growsUnderLoadWithinTheGpusThenDrainsBackToMinWithNoFailedCall() throws Exception {
        try (ProcessCluster cluster =
                        ProcessCluster.builder().workers(2).gpusPerWorker(1).start();
                Anvil anvil = cluster.connectThroughHead()) {
            ServiceHandle<Napper> svc = anvil.options(Napper.class)
                    .name("elastic")
                    .withGpus(true)
                    .healthCheckPeriod(Duration.ofMillis(200))
                    // Generous for a loaded 2-core machine: a probe that misses takes a replica out of routing.
                    .healthCheckTimeout(Duration.ofSeconds(5))
                    .callTimeout(Duration.ofSeconds(30))
                    .autoscale(Autoscale.between(1, 3)
                            .targetOngoingRequests(1)
                            .upscaleDelay(Duration.ofSeconds(1))
                            .downscaleDelay(Duration.ofSeconds(3)))
                    .asService();
            assertThat(svc.replicas()).hasSize(1);
            long grownAt;
            long start = System.nanoTime();
            Session<Napper> moved = null;
            CallStream load = CallStream.builder("autoscale-load")
                    .threads(6)
                    .maxTime(WAIT)
                    .start(i -> svc.endpoint(Napper::nap, 50L).route().join());
            try (load) {
                await().atMost(WAIT).until(() -> live(svc) == 2);
                grownAt = (System.nanoTime() - start) / 1_000_000;
                // Read the status through this client (no process per look); the CLI once, for its text.
                await().atMost(WAIT)
                        .until(() -> ServicesSection.services(Clusters.ignite(anvil)).stream()
                                .anyMatch(x -> x.autoscale() != null
                                        && x.autoscale().reason() != null
                                        && x.autoscale().reason().contains("cannot add a replica")));
                CliResult status = cluster.cli("status");
                System.out.println(status.stdout());
                assertThat(status.stdout()).contains("Autoscaling:", "elastic", "cannot add a replica", "gpus");
                for (int i = 0; i < 20 && moved == null; i++) {
                    Session<Napper> s = svc.session();
                    s.endpoint(Napper::nap, 1L).route().join();
                    if (s.replica() == 1) {
                        moved = s;
                    }
                }
                long before = load.ok();
                await().atMost(WAIT).until(() -> load.ok() > before + 100);
            }
            long grownCalls = load.ok();
            assertThat(load.failures()).as("calls failed while growing").isEmpty();
            // Idle now: back to min, draining the extra replica first; calls meanwhile still succeed.
            List<Integer> answeredBy = new ArrayList<>();
            long idleAt = System.nanoTime();
            await().atMost(WAIT).untilAsserted(() -> {
                answeredBy.add(svc.endpoint(Napper::nap, 1L).route().join());
                assertThat(svc.replicas())
                        .singleElement()
                        .extracting(ReplicaInfo::index)
                        .isEqualTo(0);
            });
            long shrunkMs = (System.nanoTime() - idleAt) / 1_000_000;
            System.out.printf(
                    "[autoscale] 1 -> 2 replicas %d ms after load began (upscale delay 1 s); %d calls ok, 0 failed;"
                            + " back to 1 replica %d ms after the load stopped (downscale delay 3 s)%n",
                    grownAt, grownCalls, shrunkMs);
            assertThat(moved).as("a session pinned to replica 1").isNotNull();
            assertThat(moved.endpoint(Napper::nap, 1L).route().join()).isZero();
            assertThat(moved.replica()).isZero();
            assertThat(svc.sessions()).isGreaterThanOrEqualTo(1);
            svc.shutdown().join();
        }
    }

    /** What the head did, for a failure's diagnosis (the cluster's folder is deleted on close). */
    private static void printHeadLog(ProcessCluster cluster) {
        try {
            Files.readAllLines(cluster.dir().resolve("head.log")).stream()
                    .filter(l -> l.contains("replica") || l.contains("scale") || l.contains("WARN"))
                    .forEach(l -> System.out.println("[head.log] " + l));
        } catch (IOException e) {
            System.out.println("[head.log] unreadable: " + e);
        }
    }
}
