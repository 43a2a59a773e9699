package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A job that asked for a restart (`--max-restarts 1`) loses the worker running its driver: the head starts the
 * driver again on another worker, its output goes on in the same log, and the job succeeds.
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
            NodeProcess driverWorker = cluster.workers().stream()
                    .filter(w -> w.name().equals(first))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("driver not on a worker [node=" + first + "]"));
            cluster.kill9(driverWorker);
            try {
                await("driver of " + id + " restarted on another worker")
                        .atMost(WAIT)
                        .until(() -> {
                            String logs = jobs.logs(id);
                            return logs.split("services up", -1).length - 1 == 2
                                    && logs.substring(logs.lastIndexOf("services up"))
                                            .contains("tick 3");
                        });
            } catch (RuntimeException | AssertionError e) {
                throw new AssertionError(
                        "job info: " + jobs.info(id) + "\nlogs:\n" + jobs.logs(id) + "\nnode logs:\n"
                                + nodeLogs(cluster),
                        e);
            }
            assertThat(jobs.logs(id)).contains("anvil: driver restarted on", "(restart 1 of 1)");
            assertThat(jobs.info(id).node()).isNotEqualTo(first);
            Files.writeString(stop, "stop");
            JobInfo end = jobs.awaitEnd(id, WAIT);
            assertThat(end.state()).as(jobs.logs(id)).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private static String nodeLogs(ProcessCluster cluster) throws java.io.IOException {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(cluster.dir())) {
            for (Path p : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                String text = Files.readString(p);
                out.append("==== ")
                        .append(p.getFileName())
                        .append('\n')
                        .append(text, Math.max(0, text.length() - 20_000), text.length())
                        .append('\n');
            }
        }
        return out.toString();
    }
}
