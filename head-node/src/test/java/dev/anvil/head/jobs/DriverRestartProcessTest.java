package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.JobLogAwait;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that asked for a restart ({@code --max-restarts 1}) loses the worker running its driver: the head shuts down
 * the services of the lost run, starts the driver again on another worker, its output goes on in the same log, and
 * the job succeeds.
 */
@ProcessTest
class DriverRestartProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(180);

    @TempDir
    Path tmp;

    @Test
    void aDriverWhoseWorkerDiesIsStartedAgainOnAnotherWorker() throws Exception {
        Path stop = tmp.resolve("stop");
        Path app = TestJars.build(
                tmp.resolve("restartable.jar"),
                "app.Restartable",
                Map.of(
                        "app.Echo",
                        "package app; public class Echo { public Echo() { }"
                                + " @dev.anvil.sdk.Endpoint public int echo(int i) { return i; } }",
                        "app.Restartable",
                        "package app; public class Restartable { public static void main(String[] a) throws"
                                + " Exception { java.nio.file.Path stop = java.nio.file.Path.of(a[0]);"
                                + " try (dev.anvil.sdk.Anvil anvil = dev.anvil.sdk.Anvil.connect()) {"
                                + "  dev.anvil.sdk.ServiceHandle<Echo> s = anvil.options(Echo.class).asService();"
                                + "  System.out.println(\"services up\");"
                                + "  for (int i = 0; !java.nio.file.Files.exists(stop); i++) {"
                                + "   System.out.println(\"tick \" + s.endpoint(Echo::echo, i).route()"
                                + "     .get(120, java.util.concurrent.TimeUnit.SECONDS));"
                                + "   Thread.sleep(100); } } } }"));
        try (ProcessCluster cluster = ProcessCluster.start(2);
                JobClient jobs = JobClient.connect(cluster.address())) {
            String id = jobs.submit(JobSpec.builder()
                    .jar(app)
                    .args(stop.toString())
                    .maxRestarts(1)
                    .build());
            await("the driver runs").atMost(WAIT).until(() -> jobs.logs(id).contains("tick 3"));
            String first = jobs.info(id).node();
            List<String> firstServices = jobs.info(id).services();
            assertThat(firstServices).hasSize(1);
            NodeProcess driverWorker = cluster.workers().stream()
                    .filter(w -> w.name().equals(first))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("driver not on a worker [node=" + first + "]"));
            cluster.kill9(driverWorker);
            JobLogAwait.until(
                    jobs,
                    id,
                    cluster,
                    "driver of " + id + " restarted on another worker",
                    WAIT,
                    logs -> logs.split("services up", -1).length - 1 == 2
                            && logs.substring(logs.lastIndexOf("services up")).contains("tick 3"));
            assertThat(jobs.logs(id)).contains("anvil: driver restarted on", "(restart 1 of 1)");
            assertThat(jobs.info(id).node()).isNotEqualTo(first);
            // The lost run's service was shut down; the restarted run deployed its own.
            assertThat(jobs.info(id).services()).hasSize(1).doesNotContainAnyElementsOf(firstServices);
            Files.writeString(stop, "stop");
            JobInfo end = jobs.awaitEnd(id, WAIT);
            assertThat(end.state()).as(jobs.logs(id)).isEqualTo(JobState.SUCCEEDED);
        }
    }
}
