package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.HeadNode;
import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.TestJars;
import dev.anvil.worker.WorkerNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job whose driver's node goes away fails, with the reason, and its GPUs are free again. */
class JobNodeLossTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aJobFailsWhenTheWorkerRunningItsDriverLeaves() {
        int base = FreePorts.freeBlock("127.0.0.1", 10);
        String address = "127.0.0.1:" + base + ".." + (base + 9);
        Path app = TestJars.build(tmp.resolve("forever.jar"), "app.Forever", Map.of("app.Forever",
                "package app; public class Forever { public static void main(String[] a) throws Exception {"
                        + " System.out.println(\"started\"); while (true) { Thread.sleep(50); } } }"));
        try (HeadNode head = HeadNode.start(settings(NodeRole.HEAD, "loss-head-" + base, base, address).build())) {
            WorkerNode worker = WorkerNode.start(settings(NodeRole.WORKER, "loss-worker-" + base, base, address)
                    .resources(new NodeResources(NodeResources.declaredGpus(1), 1, 1L << 30)).build());
            try (JobClient jobs = JobClient.of(new ClusterAnvil(head.ignite(), address, () -> { }), null)) {
                String id = jobs.submit(JobSpec.builder().jar(app).entrypointGpus(1).build());
                await().atMost(WAIT).until(() -> jobs.logs(id).contains("started"));
                assertThat(head.services().ledger().snapshot().values()).anySatisfy(g -> assertThat(g).containsValue("job:" + id + "/driver"));

                worker.close();

                JobInfo end = jobs.awaitEnd(id, WAIT);
                assertThat(end.state()).isEqualTo(JobState.FAILED);
                assertThat(end.message()).satisfiesAnyOf(
                        m -> assertThat(m).contains("left the cluster"), m -> assertThat(m).contains("exited with code"));
                await().atMost(WAIT).until(() -> head.services().ledger().snapshot().values().stream()
                        .noneMatch(g -> g.containsValue("job:" + id + "/driver")));
            } finally {
                worker.close();
            }
        }
    }

    private NodeSettings.Builder settings(NodeRole role, String name, int base, String address) {
        return NodeSettings.builder(role, name).host("127.0.0.1").discoveryPort(base).discoveryPortRange(10)
                .seeds(List.of(address)).communicationPort(base + 10).workDir(tmp.resolve(name));
    }
}
