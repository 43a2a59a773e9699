package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.internal.node.FreePorts;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A head and two worker JVMs started with {@code bin/anvil}; the CLI and the HTTP endpoint look at them. */
@ProcessTest
class ClusterCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path blobRoot;

    @Test
    void statusInspectAndStopOnARealCluster() throws Exception {
        // Both workers start at once with the same fixed blob port: each binds its own port of the range.
        int blobPort = FreePorts.freeBlock("127.0.0.1", 10);
        try (ProcessCluster cluster = ProcessCluster.builder()
                .workers(2)
                .gpusPerWorker(2)
                .cpusPerWorker(3)
                .workerArgs("--blob-dir", blobRoot.toString(), "--blob-port", Integer.toString(blobPort))
                .start()) {
            long t0 = System.nanoTime();
            CliResult r = cluster.cli("status", "--json", "--address", cluster.address());
            System.out.printf(
                    "anvil status --json took %d ms (JVM start + client join)%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(r.exitCode()).as(r.toString()).isZero();
            JsonNode status = JSON.readTree(r.stdout());
            assertThat(status.path("nodes")).hasSize(3);
            assertThat(roles(status)).containsExactly("head", "worker", "worker");
            assertThat(status.path("resources").path("gpusTotal").asInt()).isEqualTo(4);
            assertThat(status.path("resources").path("cpusTotal").asInt()).isEqualTo(6);
            assertThat(pids(status))
                    .contains(
                            cluster.worker(0).pid(),
                            cluster.worker(1).pid(),
                            cluster.head().pid());
            assertThat(status.path("services")).isEmpty();
            List<JsonNode> workers = StreamSupport.stream(status.path("nodes").spliterator(), false)
                    .filter(n -> n.path("role").asText().equals("worker"))
                    .toList();
            assertThat(workers)
                    .extracting(n -> n.path("blobAddress").asText())
                    .containsExactlyInAnyOrder("127.0.0.1:" + blobPort, "127.0.0.1:" + (blobPort + 1));
            assertThat(workers).allSatisfy(n -> {
                assertThat(n.path("blobs").path("dir").asText()).startsWith(blobRoot.toString());
                assertThat(n.path("blobs").path("bytes").asLong()).isZero();
            });

            // Without --address the CLI finds the head this machine recorded.
            CliResult text = cluster.cli("status");
            assertThat(text.stdout())
                    .as(text.toString())
                    .contains(
                            "Nodes: 3 (1 head, 2 workers)",
                            "0/4 GPU",
                            "worker-1",
                            "Weight blobs",
                            "127.0.0.1:" + blobPort);

            CliResult state = cluster.cli("inspect", "--state");
            assertThat(state.exitCode()).as(state.toString()).isZero();
            assertThat(state.stdout()).contains("Cluster state: ACTIVE");
            CliResult views = cluster.cli("inspect", "--system-view", "nodes");
            assertThat(views.stdout()).as(views.toString()).contains("consistentId", "isClient");

            NodeProcess victim = cluster.worker(0);
            long killedAt = System.nanoTime();
            cluster.kill9(victim);
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> httpStatus(cluster).path("nodes").size() == 2);
            System.out.printf(
                    "kill -9 of a worker visible in the HTTP status after %d ms%n",
                    (System.nanoTime() - killedAt) / 1_000_000);
            JsonNode after = JSON.readTree(cluster.cli("status", "--json").stdout());
            assertThat(pids(after))
                    .doesNotContain(victim.pid())
                    .contains(cluster.worker(1).pid());
            assertThat(after.path("resources").path("gpusTotal").asInt()).isEqualTo(2);

            // A frozen worker ignores SIGTERM: stop reports it and stops the head anyway; --force kills it.
            cluster.sigstop(cluster.worker(1));
            CliResult stop = cluster.cli("stop", "--timeout", "3");
            assertThat(stop.exitCode()).as(stop.toString()).isEqualTo(AnvilCli.EXIT_FAILURE);
            assertThat(stop.stdout())
                    .contains(
                            "worker-0 (pid " + victim.pid() + ") was not running",
                            "anvil: worker worker-1 still running after 3 s; use --force",
                            "stopped head head");
            assertThat(cluster.head().isAlive()).isFalse();
            // Stopped on purpose, with one worker killed and one frozen under it: one line, no stack trace.
            assertThat(cluster.head().output())
                    .as(cluster.head().output())
                    .contains("anvil head stopped [name=head]")
                    .doesNotContain("\tat ");
            CliResult force = cluster.cli("stop", "--force", "--timeout", "1");
            assertThat(force.exitCode()).as(force.toString()).isZero();
            assertThat(force.stdout()).contains("killed worker worker-1");
            assertThat(cluster.worker(1).waitFor(30)).isTrue();
            assertThat(cluster.runDir()).isEmptyDirectory();
        }
    }

    private static JsonNode httpStatus(ProcessCluster cluster) throws IOException, InterruptedException {
        HttpResponse<String> resp = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.statusPort() + "/status"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(resp.body());
    }

    private static List<String> roles(JsonNode status) {
        return StreamSupport.stream(status.path("nodes").spliterator(), false)
                .map(n -> n.path("role").asText())
                .toList();
    }

    private static List<Long> pids(JsonNode status) {
        List<Long> out = new ArrayList<>();
        status.path("nodes").forEach(n -> out.add(n.path("pid").asLong()));
        return out;
    }
}
