package dev.anvil.head.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.internal.control.HeadClient;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ReplicaState;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head can die: real {@code bin/anvil} processes, {@code kill -9} of the head under a submitted driver that
 * streams calls. The job carries on and succeeds with every numbered line once and in order; a standby head takes
 * over (twice in a row with two standbys); a plain restart resumes the same way; a replica that failed while no head
 * ran is restarted once one is back; requests while no head runs fail clearly after their wait; the loss of the
 * worker running a driver fails its job with the reason.
 */
@ProcessTest
class HeadFailoverProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Pattern LINE = Pattern.compile("^line (\\d+)(.*)$", Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void standbyHeadsTakeOverTwiceWhileAJobStreams() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(2)) {
            cluster.startHead("head-b", 8, true);
            cluster.startHead("head-c", 9, true);
            assertThat(activeHead(cluster)).isEqualTo("head");
            CliResult before = cluster.cli("status");
            assertThat(before.stdout()).contains("head active, standby: head-b, head-c");

            try (Anvil anvil = Anvil.connect(cluster.address());
                    JobClient jobs = JobClient.connect(cluster.address())) {
                ServiceHandle<Fragile> fragile = anvil.options(Fragile.class).asService();
                Path stop = tmp.resolve("stop");
                String id = jobs.submit(JobSpec.builder()
                        .jar(FailoverApps.streaming(tmp))
                        .args(stop.toString())
                        .build());
                awaitLines(jobs, id, 20);
                assertThat(jobs.list().stream()
                                .filter(j -> j.id().equals(id))
                                .findFirst()
                                .orElseThrow()
                                .node())
                        .as("the driver runs on a worker, not on the head")
                        .startsWith("worker-");

                long takeover1 = killAndAwaitTakeover(cluster, cluster.head(), "head-b");
                long restart = sickenAndAwaitRestart(fragile, 0);
                int seen = lines(jobs.logs(id)).size();
                long takeover2 =
                        killAndAwaitTakeover(cluster, cluster.moreHeads().get(0), "head-c");
                System.out.printf(
                        "head failover: kill -> standby serving /status as active: %d ms, then %d ms;"
                                + " sick replica restarted by the new head in %d ms%n",
                        takeover1, takeover2, restart);
                awaitLines(jobs, id, seen + 20);

                Files.writeString(stop, "stop");
                JobInfo end = jobs.awaitEnd(id, WAIT);
                assertSucceededWithEveryLine(jobs, id, end);
                assertThat(cluster.cli("status").stdout()).contains("head-c active");
            }
        }
    }

    @Test
    void aRestartedHeadResumesAndNothingWaitsForeverWhileNoHeadRuns() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(2)) {
            try (Anvil anvil = Anvil.connect(cluster.address());
                    JobClient jobs = JobClient.connect(cluster.address())) {
                ServiceHandle<Fragile> fragile = anvil.options(Fragile.class).asService();
                Path stop = tmp.resolve("stop");
                Path app = FailoverApps.streaming(tmp);
                String id = jobs.submit(
                        JobSpec.builder().jar(app).args(stop.toString()).build());
                awaitLines(jobs, id, 20);

                cluster.kill9(cluster.head());
                await("the head's death seen")
                        .atMost(WAIT)
                        .until(() -> !cluster.head().isAlive());
                // While no head runs: the replica fails its probe (nobody probes yet), requests wait and then fail.
                int generation = fragile.replicas().get(0).generation();
                assertThat(fragile.endpoint(Fragile::sicken).route().get(60, java.util.concurrent.TimeUnit.SECONDS))
                        .isEqualTo("sick");
                String old = System.setProperty(HeadClient.HEAD_WAIT_PROPERTY, "3000");
                try (Anvil shortWait = Anvil.connect(cluster.address());
                        JobClient shortJobs = JobClient.connect(cluster.address())) {
                    long t0 = System.nanoTime();
                    assertThatThrownBy(() -> shortWait.options(Fragile.class).asService())
                            .hasMessageContaining("no active head took the request within 3000 ms");
                    assertThatThrownBy(() -> shortJobs.submit(JobSpec.builder()
                                    .jar(app)
                                    .args(stop.toString())
                                    .build()))
                            .hasMessageContaining("no active head took the request within 3000 ms");
                    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
                } finally {
                    if (old == null) {
                        System.clearProperty(HeadClient.HEAD_WAIT_PROPERTY);
                    } else {
                        System.setProperty(HeadClient.HEAD_WAIT_PROPERTY, old);
                    }
                }
                int seen = lines(jobs.logs(id)).size();

                cluster.startHead("head-2", 0, false);
                await("the replica that failed while no head ran is restarted")
                        .atMost(WAIT)
                        .until(() -> {
                            ReplicaInfo r = fragile.replicas().get(0);
                            return r.generation() > generation && r.state() == ReplicaState.HEALTHY;
                        });
                awaitLines(jobs, id, seen + 20);
                Files.writeString(stop, "stop");
                assertSucceededWithEveryLine(jobs, id, jobs.awaitEnd(id, WAIT));

                // The worker running a driver dies: its job fails at once, saying why.
                Files.delete(stop);
                String lost = jobs.submit(
                        JobSpec.builder().jar(app).args(stop.toString()).build());
                awaitLines(jobs, lost, 3);
                String node = jobs.list().stream()
                        .filter(j -> j.id().equals(lost))
                        .findFirst()
                        .orElseThrow()
                        .node();
                NodeProcess worker = cluster.workers().stream()
                        .filter(w -> w.name().equals(node))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError("driver not on a worker [node=" + node + "]"));
                cluster.kill9(worker);
                JobInfo end = jobs.awaitEnd(lost, WAIT);
                assertThat(end.state()).isEqualTo(JobState.FAILED);
                assertThat(end.message()).contains("the node running the driver left the cluster", node);
            }
        }
    }

    /** Kills the active head and returns the ms until {@code next} serves {@code /status} as the active head. */
    private static long killAndAwaitTakeover(ProcessCluster cluster, NodeProcess active, String next) {
        long t0 = System.nanoTime();
        cluster.kill9(active);
        await("standby " + next + " serving /status as the active head")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(50))
                .until(() -> next.equals(activeHead(cluster)));
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    /** Makes replica 0 of {@code fragile} fail its probes; returns the ms until it is restarted and healthy. */
    private static long sickenAndAwaitRestart(ServiceHandle<Fragile> fragile, int replica) throws Exception {
        int generation = fragile.replicas().get(replica).generation();
        long t0 = System.nanoTime();
        fragile.endpoint(Fragile::sicken).route().get(60, java.util.concurrent.TimeUnit.SECONDS);
        await("replica restarted after the takeover").atMost(WAIT).until(() -> {
            ReplicaInfo r = fragile.replicas().get(replica);
            return r.generation() > generation && r.state() == ReplicaState.HEALTHY;
        });
        return Duration.ofNanos(System.nanoTime() - t0).toMillis();
    }

    /** The active head named by the status port, or null while nothing answers there. */
    static String activeHead(ProcessCluster cluster) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.statusPort() + "/status"))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return null;
            }
            JsonNode active = JSON.readTree(r.body()).get("activeHead");
            return active == null || active.isNull() ? null : active.asText();
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static void awaitLines(JobClient jobs, String id, int n) {
        await("job " + id + " printed " + n + " lines")
                .atMost(WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (jobs.status(id).isTerminal()) {
                        throw new AssertionError("job ended early: " + jobs.logs(id));
                    }
                    return lines(jobs.logs(id)).size() >= n;
                });
    }

    private static void assertSucceededWithEveryLine(JobClient jobs, String id, JobInfo end) {
        String logs = jobs.logs(id);
        assertThat(end.state()).as("job end; logs:\n" + logs).isEqualTo(JobState.SUCCEEDED);
        List<String> lines = lines(logs);
        assertThat(logs).contains("failed=0 lines=" + lines.size());
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            expected.add("line " + i);
        }
        assertThat(lines).as("every numbered line once, in order").isEqualTo(expected);
    }

    private static List<String> lines(String logs) {
        List<String> out = new ArrayList<>();
        Matcher m = LINE.matcher(logs);
        while (m.find()) {
            out.add(m.group(0));
        }
        return out;
    }
}
