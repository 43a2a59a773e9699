package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.HeadControlPlane;
import dev.anvil.head.services.TestActors.Echo;
import dev.anvil.head.services.TestActors.Flaky;
import dev.anvil.head.services.TestActors.Where;
import dev.anvil.internal.control.HeadControl;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ReplicaState;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.Session;
import dev.anvil.testkit.CallStream;
import dev.anvil.testkit.Clusters;
import dev.anvil.worker.WorkerNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.Test;

/** Replicas come back after their worker leaves or they fail probes; limits and waiting for a fitting worker. */
class ServiceRecoveryTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    /** Stops the embedded worker node with id {@code id}, as if its process died. */
    private static void stopWorker(UUID id) {
        for (Ignite g : Ignition.allGrids()) {
            if (g.cluster().localNode().id().equals(id)) {
                Ignition.stop(g.name(), true);
                return;
            }
        }
        throw new IllegalStateException("no embedded node [id=" + id + "]");
    }

    private static boolean allHealthy(ServiceHandle<?> s, int n) {
        List<ReplicaInfo> r = s.replicas();
        return r.size() == n && r.stream().allMatch(i -> i.state() == ReplicaState.HEALTHY);
    }

    @Test
    void replicasOfAWorkerThatLeftAreRestartedElsewhereWithoutCallerFailures() throws Exception {
        try (Anvil anvil = Anvil.local(3)) {
            ServiceHandle<Echo> svc =
                    anvil.options(Echo.class).name("survivor").numReplicas(4).asService();
            CallStream caller = CallStream.builder("steady-caller")
                    .start(i -> svc.endpoint(Echo::where).route().join());
            Session<Echo> session = svc.session("pinned-to-victim");
            int pinned = session.endpoint(Echo::where).route().join().replica();
            try (caller) {
                caller.awaitOk(50, WAIT);
                UUID victim = UUID.fromString(svc.replicas().get(pinned).nodes().get(0));
                long killedAt = System.nanoTime();
                stopWorker(victim);
                await().atMost(WAIT)
                        .until(() -> allHealthy(svc, 4)
                                && svc.replicas().stream()
                                        .noneMatch(r -> r.nodes().contains(victim.toString())));
                System.out.printf(
                        "[services] in-JVM worker stop: 4 replicas healthy again after %d ms%n",
                        (System.nanoTime() - killedAt) / 1_000_000);
                long before = caller.ok();
                await().atMost(WAIT).until(() -> caller.ok() > before + 50);
                // The session's replica died: it is re-pinned to a healthy one and stays there.
                Where after = session.endpoint(Echo::where).route().join();
                assertThat(after.node()).isNotEqualTo(victim.toString());
                for (int i = 0; i < 5; i++) {
                    assertThat(session.endpoint(Echo::where).route().join().replica())
                            .isEqualTo(session.replica());
                }
            }
            assertThat(caller.firstFailure()).as("calls failing at the caller").isNull();
            assertThat(svc.replicas()).anyMatch(r -> r.restarts() == 1 && r.generation() == 2);
        }
    }

    @Test
    void aReplicaFailingItsProbeIsRestartedAndCleanedUpAndTheLimitIsEnforced() {
        try (Anvil anvil = Anvil.local(2)) {
            ServiceHandle<Flaky> svc = anvil.options(Flaky.class)
                    .name("flaky")
                    .numReplicas(2)
                    .healthCheckPeriod(Duration.ofMillis(200))
                    .maxRestarts(1)
                    .restartBackoff(Duration.ofMillis(50))
                    .asService();
            Flaky.SICK.put("flaky#1", true);
            await().atMost(WAIT).until(() -> svc.replicas().get(1).restarts() >= 1);
            assertThat(Flaky.CLEANUPS.get("flaky#1"))
                    .as("cleanup() of the failed instance")
                    .isPositive();
            // Still sick: the second failure uses up maxRestarts(1) and the replica stays FAILED, out of routing.
            await().atMost(WAIT).until(() -> svc.replicas().get(1).state() == ReplicaState.FAILED);
            assertThat(svc.replicas().get(1).lastError()).contains("restart limit reached");
            assertThat(svc.replicas().get(0).state()).isEqualTo(ReplicaState.HEALTHY);
            for (int i = 0; i < 20; i++) {
                assertThat(svc.endpoint(Flaky::id).route().join()).isEqualTo("flaky#0");
            }
        } finally {
            Flaky.SICK.clear();
        }
    }

    @Test
    void aReplicaWaitsForAFittingWorkerAndIsRedeployedWhenOneJoins() throws Exception {
        try (Anvil anvil = Anvil.local(1, 1)) {
            ServiceHandle<Echo> svc =
                    anvil.options(Echo.class).name("gpu-waiter").withGpus(true).asService();
            UUID first = UUID.fromString(svc.replicas().get(0).nodes().get(0));
            stopWorker(first);
            await().atMost(WAIT)
                    .until(() -> svc.replicas().get(0).state() == ReplicaState.RECOVERING
                            && svc.replicas().get(0).lastError() != null
                            && svc.replicas().get(0).lastError().contains("waiting for a worker"));
            Path dir = Files.createTempDirectory("anvil-late-worker");
            String address = anvil.address();
            int base = Integer.parseInt(address.substring(address.indexOf(':') + 1, address.indexOf("..")));
            try (WorkerNode late = WorkerNode.start(NodeSettings.builder(NodeRole.WORKER, "late-" + UUID.randomUUID())
                    .host("127.0.0.1")
                    .discoveryPort(base)
                    .discoveryPortRange(10)
                    .seeds(List.of(address))
                    .defaultRegionBytes(96L << 20)
                    .stateRegionBytes(64L << 20)
                    .workDir(dir)
                    .resources(new NodeResources(NodeResources.declaredGpus(1), 1, 1L << 30))
                    .build())) {
                await().atMost(WAIT).until(() -> allHealthy(svc, 1));
                Where w = svc.endpoint(Echo::where).route().join();
                assertThat(w.node())
                        .isEqualTo(late.ignite().cluster().localNode().id().toString());
                assertThat(w.gpus()).containsExactly(0);
                svc.shutdown().join();
            }
        }
    }

    @Test
    void workersAreTheOnlyPlacementTargets() {
        try (Anvil anvil = Anvil.local(2)) {
            ServiceHandle<Echo> svc =
                    anvil.options(Echo.class).name("placed").numReplicas(4).asService();
            List<String> workers =
                    Clusters.ignite(anvil).cluster().forAttribute(NodeAttributes.ROLE, "worker").nodes().stream()
                            .map(ClusterNode::id)
                            .map(UUID::toString)
                            .toList();
            assertThat(svc.replicas()).allSatisfy(r -> assertThat(workers).containsAll(r.nodes()));
            // Spread: each worker hosts two of the four.
            assertThat(svc.replicas().stream().map(r -> r.nodes().get(0)).distinct())
                    .hasSize(2);
        }
    }

    @Test
    void aRestartedControllerResumesFromTheCachesAndKeepsRecovering() {
        try (Anvil anvil = Anvil.local(2)) {
            ServiceHandle<Echo> svc =
                    anvil.options(Echo.class).name("resumed").numReplicas(2).asService();
            Ignite head = Clusters.ignite(anvil);
            ServiceController old = ((HeadControlPlane) HeadControl.KEY.find(head)).services();
            old.close();
            ServiceController resumed = ServiceController.start(head);
            try {
                assertThat(resumed.spec("resumed")).isNotNull();
                assertThat(resumed.replicasOf("resumed")).hasSize(2);
                UUID victim = UUID.fromString(svc.replicas().get(0).nodes().get(0));
                stopWorker(victim);
                await().atMost(WAIT)
                        .until(() -> allHealthy(svc, 2)
                                && svc.replicas().stream()
                                        .noneMatch(r -> r.nodes().contains(victim.toString())));
                assertThat(svc.endpoint(Echo::where).fanout().join()).hasSize(2);
            } finally {
                resumed.close();
            }
        }
    }
}
