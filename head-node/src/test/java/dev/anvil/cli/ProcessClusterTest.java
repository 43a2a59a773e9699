package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.sdk.Anvil;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteClientDisconnectedException;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.Test;

@ProcessTest
class ProcessClusterTest {

    @Test
    void startsRealNodeJvmsThatJoinSurviveFaultsStopOnSigtermAndCleanUp() {
        List<ProcessHandle> started;
        try (ProcessCluster cluster =
                        ProcessCluster.builder().workers(2).gpusPerWorker(2).start();
                Anvil anvil = Anvil.connect(cluster.address())) {
            Ignite ignite = Clusters.ignite(anvil);
            assertThat(ignite.cluster().forServers().nodes()).hasSize(3);
            List<ClusterNode> workers = List.copyOf(
                    ignite.cluster().forAttribute(NodeAttributes.ROLE, "worker").nodes());
            assertThat(workers)
                    .hasSize(2)
                    .allSatisfy(w -> assertThat(
                                    NodeResources.fromAttributes(w.attributes()).gpus())
                            .hasSize(2));
            assertThat(workers)
                    .extracting(w -> ((Number) w.attribute(NodeAttributes.PID)).longValue())
                    .containsExactlyInAnyOrder(
                            cluster.worker(0).pid(), cluster.worker(1).pid());
            started = List.of(
                    cluster.head().process().toHandle(),
                    cluster.worker(0).process().toHandle(),
                    cluster.worker(1).process().toHandle());

            // A frozen worker is dropped by failure detection; a killed one at once. The client may be routed
            // through the frozen worker, and then reconnects: polls meanwhile see it disconnected.
            cluster.sigstop(cluster.worker(0));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreException(IgniteClientDisconnectedException.class)
                    .until(() -> ignite.cluster().forServers().nodes().size() == 2);
            // Resumed, the frozen worker finds itself out of the cluster: its node stops and so does its JVM.
            cluster.sigcont(cluster.worker(0));
            assertThat(cluster.worker(0).waitFor(60))
                    .as(cluster.worker(0).output())
                    .isTrue();
            System.out.printf(
                    "segmented worker exited with %d%n",
                    cluster.worker(0).process().exitValue());
            assertThat(cluster.worker(0).process().exitValue()).isNotZero();
            cluster.kill9(cluster.worker(1));
            await().atMost(Duration.ofSeconds(60))
                    .ignoreException(IgniteClientDisconnectedException.class)
                    .until(() -> ignite.cluster().forServers().nodes().size() == 1);

            NodeProcess added = cluster.addWorker("--gpus", "1");
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ignite.cluster().forServers().nodes().size() == 2);
            assertThat(Files.exists(cluster.runDir().resolve(added.name() + ".json")))
                    .isTrue();
            assertThat(added.output()).contains("anvil worker started [name=" + added.name());
            started = new java.util.ArrayList<>(started);
            started.add(added.process().toHandle());

            // SIGTERM: the node's shutdown hook stops it and removes its record; 143 = 128 + SIGTERM, which the JVM
            // reports even after a clean shutdown.
            assertThat(added.terminate(30)).isTrue();
            assertThat(added.process().exitValue()).isIn(0, 143);
            assertThat(cluster.runDir().resolve(added.name() + ".json")).doesNotExist();
            assertThat(cluster.runDir().resolve("head.json")).exists();
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> ignite.cluster().forServers().nodes().size() == 1);
        }
        assertThat(started).noneMatch(ProcessHandle::isAlive);
    }
}
