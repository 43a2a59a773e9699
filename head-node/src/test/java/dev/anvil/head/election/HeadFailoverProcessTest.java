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
import dev.anvil.testkit.JobLogAwait;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head can die: real {@code bin/anvil} processes (one cluster, shared by every step), {@code kill -9} of the
 * head three times under a submitted driver that streams calls. Requests while no head runs fail clearly after their
 * wait; a plain restart resumes from the caches and restarts a replica that failed while no head ran; two standby
 * heads take over in turn (the takeover times are printed); the job succeeds with every numbered line once and in
 * order; the loss of the worker running a driver fails its job with the reason, or restarts the driver of a job
 * that asked for restarts.
 */
@ProcessTest
class HeadFailoverProcessTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Pattern LINE = Pattern.compile("^line (\\d+)(.*)$", Pattern.MULTILINE);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aJobAndItsServicesOutliveHeadsThatDie() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.start(2);
                Anvil anvil = Anvil.connect(cluster.address());
                JobClient jobs = JobClient.connect(cluster.address())) {
            ServiceHandle<Fragile> fragile = anvil.options(Fragile.class).asService();
            Path stop = tmp.resolve("stop");
            Path app = FailoverApps.streaming(tmp);
            String id =
                    jobs.submit(JobSpec.builder().jar(app).args(stop.toString()).build());
            awaitLines(jobs, id, 20);
            assertThat(jobs.info(id).node())
                    .as("the driver runs on a worker, not on the head")
                    .startsWith("worker-");

            // 1. kill -9 of the only head. While no head runs: calls work, a replica fails its probe (nobody probes
            // it yet), requests wait for a head and then fail with a clear error.
            cluster.kill9(cluster.head());
            await("the head is gone").atMost(WAIT).until(() -> !cluster.head().isAlive());
            int generation = fragile.replicas().get(0).generation();
            assertThat(fragile.endpoint(Fragile::sicken).route().get(60, TimeUnit.SECONDS))
                    .isEqualTo("sick");
            assertRequestsFailClearlyWhileNoHeadRuns(cluster, app, stop);
            int seen = lines(jobs.logs(id)).size();

            // 2. A plain restart of the head resumes from the caches: the sick replica is restarted.
            cluster.startHead("head-2", 0, false);
            await("the replica that failed while no head ran is restarted")
                    .atMost(WAIT)
                    .until(() -> {
                        ReplicaInfo r = fragile.replicas().get(0);
                        return r.generation() > generation && r.state() == ReplicaState.HEALTHY;
                    });
            awaitLines(jobs, id, seen + 10);

            // 3. Two standby heads; the active head is killed twice in a row.
            cluster.startHead("head-b", 8, true);
            cluster.startHead("head-c", 9, true);
            assertThat(cluster.cli("status").stdout()).contains("head-2 active, standby: head-b, head-c");
            long takeover1 = killAndAwaitTakeover(cluster, cluster.moreHeads().get(0), "head-b");
            long restart = sickenAndAwaitRestart(fragile, 0);
            seen = lines(jobs.logs(id)).size();
            long takeover2 = killAndAwaitTakeover(cluster, cluster.moreHeads().get(1), "head-c");
            System.out.printf(
                    "head failover: kill -> standby serving /status as active: %d ms, then %d ms;"
                            + " replica made sick after the takeover restarted in %d ms%n",
                    takeover1, takeover2, restart);
            awaitLines(jobs, id, seen + 10);
            assertThat(cluster.cli("status").stdout()).contains("head-c active");

            // 4. The job never noticed: every numbered line once, in order, no failed call.
            Files.writeString(stop, "stop");
            assertSucceededWithEveryLine(jobs, id, jobs.awaitEnd(id, WAIT));

            // 5. The worker running a driver dies: a job without restarts fails at once, saying why; a job with a
            // restart left has its driver started again on another worker, and goes on to succeed.
            Files.delete(stop);
            String lost =
                    jobs.submit(JobSpec.builder().jar(app).args(stop.toString()).build());
            String restartable = jobs.submit(JobSpec.builder()
                    .jar(app)
                    .args(stop.toString())
                    .maxRestarts(1)
                    .build());
            awaitLines(jobs, lost, 3);
            awaitLines(jobs, restartable, 3);
            String node = jobs.info(lost).node();
            String restartableNode = jobs.info(restartable).node();
            cluster.kill9(workerNamed(cluster, node));
            JobInfo end = jobs.awaitEnd(lost, WAIT);
            assertThat(end.state()).isEqualTo(JobState.FAILED);
            assertThat(end.message()).contains("the node running the driver left the cluster", node);
            if (!restartableNode.equals(node)) {
                cluster.addWorker();
                cluster.kill9(workerNamed(cluster, restartableNode));
            }
            JobLogAwait.until(
                    jobs,
                    restartable,
                    cluster,
                    "driver of " + restartable + " restarted on another worker",
                    WAIT,
                    logs -> logs.split("services up", -1).length - 1 == 2);
            assertThat(jobs.logs(restartable)).contains("anvil: driver restarted on", "(restart 1 of 1)");
            assertThat(jobs.info(restartable).node()).isNotEqualTo(restartableNode);
            Files.writeString(stop, "stop");
            JobInfo restartedEnd = jobs.awaitEnd(restartable, WAIT);
            assertThat(restartedEnd.state()).as(jobs.logs(restartable)).isEqualTo(JobState.SUCCEEDED);
        }
    }

    private static NodeProcess workerNamed(ProcessCluster cluster, String name) {
        return cluster.workers().stream()
                .filter(w -> w.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("driver not on a worker [node=" + name + "]"));
    }

    /** Deploying and submitting through clients that wait 3 s for a head fail, with a message that says why. */
    private static void assertRequestsFailClearlyWhileNoHeadRuns(ProcessCluster cluster, Path app, Path stop) {
        String old = System.setProperty(HeadClient.HEAD_WAIT_PROPERTY, "3000");
        try (Anvil shortWait = Anvil.connect(cluster.address());
                JobClient shortJobs = JobClient.connect(cluster.address())) {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> shortWait.options(Fragile.class).asService())
                    .hasMessageContaining("no active head took the request within 3000 ms");
            assertThatThrownBy(() -> shortJobs.submit(
                            JobSpec.builder().jar(app).args(stop.toString()).build()))
                    .hasMessageContaining("no active head took the request within 3000 ms");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(60));
        } finally {
            if (old == null) {
                System.clearProperty(HeadClient.HEAD_WAIT_PROPERTY);
            } else {
                System.setProperty(HeadClient.HEAD_WAIT_PROPERTY, old);
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
        fragile.endpoint(Fragile::sicken).route().get(60, TimeUnit.SECONDS);
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
