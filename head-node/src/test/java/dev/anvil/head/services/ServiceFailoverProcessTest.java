package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.services.TestActors.Echo;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ReplicaState;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.testkit.CallStream;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Head + 2 worker JVMs, a 4-replica service under a steady stream of {@code route()} calls, then a worker killed
 * (kill -9) or frozen (SIGSTOP). The recovery times are measured and printed; assertions use generous bounds.
 */
@ProcessTest
class ServiceFailoverProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int CALLERS = 4;

    /** A steady stream of routed calls from {@link #CALLERS} threads, counting what succeeds and what fails. */
    private static CallStream steadyCalls(ServiceHandle<Echo> svc) {
        return CallStream.builder("steady-caller")
                .threads(CALLERS)
                .start(i -> svc.endpoint(Echo::where).route().join());
    }

    private static boolean recovered(ServiceHandle<Echo> svc, String goneNode) {
        List<ReplicaInfo> r = svc.replicas();
        return r.size() == 4
                && r.stream()
                        .allMatch(i ->
                                i.state() == ReplicaState.HEALTHY && !i.nodes().contains(goneNode));
    }

    @Test
    void killNineOfAWorkerFailsNoCallAndReplicasComeBack() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.builder().workers(2).start();
                Anvil anvil = cluster.connectThroughHead()) {
            ServiceHandle<Echo> svc =
                    anvil.options(Echo.class).name("steady").numReplicas(4).asService();
            NodeProcess victim = cluster.worker(0);
            String victimId = Clusters.nodeIdOf(anvil, victim);
            assertThat(svc.replicas()).anyMatch(r -> r.nodes().contains(victimId));
            long recoveredMs;
            try (CallStream stream = steadyCalls(svc)) {
                long killedAt = stream.faultAfter(200, WAIT, () -> cluster.kill9(victim));
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> recovered(svc, victimId));
                recoveredMs = (System.nanoTime() - killedAt) / 1_000_000;
                long before = stream.ok();
                await().atMost(WAIT).until(() -> stream.ok() > before + 200);
                System.out.printf(
                        "[services] kill -9 of a worker: 4 replicas healthy again %d ms after the kill;"
                                + " %d calls ok, %d failed at the caller%n",
                        recoveredMs, stream.ok(), stream.failures().size());
                assertThat(stream.failures()).as("calls failing at the caller").isEmpty();
            }
            assertThat(recoveredMs).isLessThan(WAIT.toMillis());
            assertThat(svc.replicas()).filteredOn(r -> r.restarts() == 1).hasSize(2);
        }
    }

    @Test
    void aFrozenWorkerIsRoutedAround() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.builder().workers(2).start();
                Anvil anvil = cluster.connectThroughHead()) {
            ServiceHandle<Echo> svc = anvil.options(Echo.class)
                    .name("frozen")
                    .numReplicas(4)
                    .healthCheckPeriod(Duration.ofMillis(500))
                    .healthCheckTimeout(Duration.ofMillis(1000))
                    .asService();
            NodeProcess victim = cluster.worker(0);
            String victimId = Clusters.nodeIdOf(anvil, victim);
            await().atMost(WAIT)
                    .until(() -> svc.replicas().stream()
                                    .filter(r -> r.state() == ReplicaState.HEALTHY)
                                    .filter(r -> r.nodes().contains(victimId))
                                    .count()
                            > 0);
            try (CallStream stream = steadyCalls(svc)) {
                long stoppedAt = stream.faultAfter(200, WAIT, () -> cluster.sigstop(victim));
                await().atMost(WAIT)
                        .pollInterval(Duration.ofMillis(10))
                        .until(() -> svc.replicas().stream()
                                .filter(r -> r.nodes().contains(victimId))
                                .noneMatch(r -> r.state().routable()));
                long outOfRoutingMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                // Routed around: fresh calls succeed at once although the frozen worker is still in the cluster
                // (calls that were already running on it wait until failure detection drops it, then retry).
                for (int i = 0; i < 20; i++) {
                    assertThat(svc.endpoint(Echo::where)
                                    .route()
                                    .get(10, java.util.concurrent.TimeUnit.SECONDS)
                                    .node())
                            .isNotEqualTo(victimId);
                }
                long routedAroundMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                boolean stillMember =
                        Clusters.ignite(anvil).cluster().node(java.util.UUID.fromString(victimId)) != null;
                await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> recovered(svc, victimId));
                long recoveredMs = (System.nanoTime() - stoppedAt) / 1_000_000;
                System.out.printf(
                        "[services] SIGSTOP of a worker: its replicas out of routing after %d ms, 20 fresh"
                                + " calls done elsewhere %d ms after the stop (frozen worker still a member: %s), 4 replicas"
                                + " healthy elsewhere after %d ms; %d calls ok, %d failed at the caller%n",
                        outOfRoutingMs,
                        routedAroundMs,
                        stillMember,
                        recoveredMs,
                        stream.ok(),
                        stream.failures().size());
                stream.failures().stream()
                        .map(t -> String.valueOf(t.getCause() == null ? t : t.getCause()))
                        .distinct()
                        .limit(5)
                        .forEach(m -> System.out.println("[services] failure seen: " + m));
                assertThat(outOfRoutingMs).isLessThan(WAIT.toMillis());
            } finally {
                cluster.sigcont(victim);
            }
        }
    }
}
