package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.HeadNode;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.PortBlock;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestJars;
import dev.anvil.worker.WorkerNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A job whose driver's node goes away fails, with the reason, and its GPUs are free again. */
@ProcessTest
class JobNodeLossTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void aJobFailsWhenTheWorkerRunningItsDriverLeaves() {
        PortBlock ports = PortBlock.free();
        int base = ports.base();
        Path app = TestJars.build(
                tmp.resolve("forever.jar"),
                "app.Forever",
                Map.of(
                        "app.Forever",
                        "package app; public class Forever { public static void main(String[] a) throws Exception {"
                                + " System.out.println(\"started\"); while (true) { Thread.sleep(50); } } }"));
        try (HeadNode head = HeadNode.start(ports.settings(NodeRole.HEAD, "loss-head-" + base, tmp.resolve("head"))
                .build())) {
            WorkerNode worker =
                    WorkerNode.start(ports.settings(NodeRole.WORKER, "loss-worker-" + base, tmp.resolve("worker"))
                            .resources(new NodeResources(NodeResources.declaredGpus(1), 1, 1L << 30))
                            .build());
            try (JobClient jobs = JobClient.of(Clusters.handle(head.ignite(), ports.address()), null)) {
                String id =
                        jobs.submit(JobSpec.builder().jar(app).entrypointGpus(1).build());
                await().atMost(WAIT).until(() -> jobs.logs(id).contains("started"));
                assertThat(head.services().ledger().snapshot().values())
                        .anySatisfy(g -> assertThat(g).containsValue("job:" + id + "/driver"));

                worker.close();

                JobInfo end = jobs.awaitEnd(id, WAIT);
                assertThat(end.state()).isEqualTo(JobState.FAILED);
                assertThat(end.message())
                        .satisfiesAnyOf(
                                m -> assertThat(m).contains("left the cluster"),
                                m -> assertThat(m).contains("exited with code"));
                await().atMost(WAIT)
                        .until(() -> head.services().ledger().snapshot().values().stream()
                                .noneMatch(g -> g.containsValue("job:" + id + "/driver")));
            } finally {
                worker.close();
            }
        }
    }
}
