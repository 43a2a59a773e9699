package dev.anvil.head.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.head.services.Counter;
import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.internal.node.FreePorts;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.RunMetrics;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.WeightStore;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestJars;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The head's status port seen from outside, on one shared live cluster (embedded head + 1 worker) with a service of
 * two replicas, a replay buffer, a weight store, a run publishing progress and a running job: {@code /metrics} checked
 * by {@code promtool} and scraped by a real Prometheus server, the dashboard rendered by headless Chromium (page
 * content checked after its scripts ran, screenshots saved under {@code target/}), and bad paths answered with 404s.
 * The tools are Debian's {@code prometheus} and {@code chromium} packages; a test whose tool is missing is skipped
 * with a message saying so.
 */
@ProcessTest
class DashboardAndMetricsTest {
    /** Fanout calls per test run: each of the two replicas serves exactly this many. */
    private static final int FANOUTS = 7;

    private static final Duration SLOW = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;

    private static Anvil anvil;
    private static JobClient jobs;
    private static StatusHttpServer server;
    private static String base;
    private static String jobId;

    @BeforeAll
    static void startCluster() {
        anvil = Anvil.local(1);
        jobs = JobClient.of(anvil, null);
        server = StatusHttpServer.start(((ClusterAnvil) anvil).ignite(), "127.0.0.1", 0);
        base = "http://127.0.0.1:" + server.port();

        ServiceHandle<Counter> counter =
                anvil.options(Counter.class).numReplicas(2).asService(0);
        for (int i = 0; i < FANOUTS; i++) {
            assertThat(counter.endpoint(Counter::increment).fanout().join()).hasSize(2);
        }
        ReplayBuffer<String> buffer = anvil.replayBuffer(
                "episodes",
                String.class,
                ReplayBufferConfig.builder()
                        .batchSize(2)
                        .dpSize(1)
                        .maxPolicyAge(100)
                        .maxResampleCount(10)
                        .maxBufferSize(1_000)
                        .seed(1)
                        .build());
        for (int i = 0; i < 5; i++) {
            buffer.add("episode-" + i, 0);
        }
        assertThat(buffer.sample(0)).isNotNull();
        WeightStore store = anvil.weightStore("policy");
        store.push(0, Map.of("w", new byte[4096]));
        assertThat(store.pull(0)).containsKey("w");
        RunMetrics run = anvil.runMetrics("grpo-test");
        for (int step = 0; step < 6; step++) {
            run.record(step, Map.of("reward", 0.1 * step, "eval_accuracy", 0.05 * step, "tokens_per_s", 100.0 + step));
        }
        jobId = jobs.submit(JobSpec.builder()
                .jar(TestJars.build(
                        tmp.resolve("talker.jar"),
                        "app.Talker",
                        Map.of(
                                "app.Talker",
                                "package app; public class Talker { public static void main(String[] a) throws Exception {"
                                        + " System.out.println(\"talker says hello\");"
                                        + " org.slf4j.LoggerFactory.getLogger(\"org.apache.ignite.internal.Fake\")"
                                        + "     .error(\"ignite internal noise\");"
                                        + " org.slf4j.LoggerFactory.getLogger(\"app.Talker\").error(\"talker's own error\");"
                                        + " for (int i = 0; i < 600; i++) { Thread.sleep(200); } } }")))
                .mainClass("app.Talker")
                .build());
        await().atMost(SLOW).until(() -> jobs.logs(jobId).contains("talker's own error"));
    }

    @AfterAll
    static void stopCluster() {
        if (jobs != null && jobId != null && jobs.status(jobId) == JobState.RUNNING) {
            jobs.stop(jobId);
        }
        if (server != null) {
            server.close();
        }
        if (jobs != null) {
            jobs.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void ignitesMessagesStayOutOfTheJobsOutput() {
        String logs = jobs.logs(jobId);
        assertThat(logs).contains("talker says hello", "talker's own error").doesNotContain("ignite internal noise");
    }

    @Test
    void metricsPassPromtoolAndPrometheusScrapesTheReplicaRequestCounters() throws Exception {
        // Each replica served FANOUTS calls; its health probe reports them to the head.
        await().atMost(SLOW)
                .untilAsserted(() -> assertThat(sample(get("/metrics").body(), "anvil_replica_requests_total"))
                        .containsEntry("{replica=\"0\",service=\"" + serviceName() + "\"}", (double) FANOUTS)
                        .containsEntry("{replica=\"1\",service=\"" + serviceName() + "\"}", (double) FANOUTS));
        String metrics = get("/metrics").body();
        assertThat(sample(metrics, "anvil_replica_latency_seconds_count")).containsValue((double) FANOUTS);
        assertThat(metrics)
                .contains("anvil_replica_state{replica=\"0\",service=\"" + serviceName() + "\",state=\"HEALTHY\"} 1.0")
                .contains("anvil_replay_buffer_adds_total{buffer=\"episodes\"} 5.0")
                .contains("anvil_replay_buffer_samples_total{buffer=\"episodes\"} 1.0")
                .contains("anvil_weight_store_latest_version{store=\"policy\"} 0.0")
                .contains("anvil_weight_store_push_duration_seconds_count{store=\"policy\"} 1")
                .contains("anvil_weight_store_pull_duration_seconds_count{store=\"policy\"} 1")
                .contains("anvil_run_metric{metric=\"reward\",run=\"grpo-test\"} 0.5")
                .contains("anvil_job_state{job=\"" + jobId + "\",state=\"RUNNING\"} 1.0")
                .contains("anvil_node_gpus{node=");

        Path promtool = tool("promtool");
        Path file = Files.writeString(tmp.resolve("metrics.txt"), metrics);
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectInput(file.toFile())
                .redirectErrorStream(true)
                .start();
        assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String verdict = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.exitValue()).as("promtool check metrics:\n" + verdict).isZero();

        Path prometheus = tool("prometheus");
        int port = FreePorts.freeBlock("127.0.0.1", 1);
        Path config = Files.writeString(
                tmp.resolve("prometheus.yml"),
                "global: { scrape_interval: 1s }\n"
                        + "scrape_configs:\n"
                        + "  - job_name: anvil\n"
                        + "    static_configs: [ { targets: ['127.0.0.1:" + server.port() + "'] } ]\n");
        Process p = new ProcessBuilder(
                        prometheus.toString(),
                        "--config.file=" + config,
                        "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                        "--web.listen-address=127.0.0.1:" + port)
                .redirectErrorStream(true)
                .redirectOutput(tmp.resolve("prometheus.log").toFile())
                .start();
        try {
            String query = "sum by (replica) (anvil_replica_requests_total{service=\"" + serviceName() + "\"})";
            String url = "http://127.0.0.1:" + port + "/api/v1/query?query="
                    + URLEncoder.encode(query, StandardCharsets.UTF_8);
            await().atMost(SLOW).ignoreExceptions().untilAsserted(() -> {
                JsonNode result = JSON.readTree(HTTP.send(
                                        HttpRequest.newBuilder(URI.create(url)).build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body())
                        .path("data")
                        .path("result");
                List<String> seen = new ArrayList<>();
                result.forEach(r -> seen.add(r.path("metric").path("replica").asText() + "="
                        + r.path("value").get(1).asText()));
                assertThat(seen).containsExactlyInAnyOrder("0=" + FANOUTS, "1=" + FANOUTS);
            });
        } finally {
            p.destroy();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void chromiumRendersTheDashboardWithEverySection() throws Exception {
        Path chromium = tool("chromium");
        String dom = chromium(chromium, "--dump-dom", base + "/");
        assertThat(dom)
                .contains("data-loaded=\"true\"")
                .contains(serviceName(), "HEALTHY", Counter.class.getName())
                .contains("episodes", "policy")
                .contains(jobId, "RUNNING", "app.Talker")
                .contains("data-figure=\"reward\"", "data-figure=\"eval_accuracy\"", "data-figure=\"tokens_per_s\"")
                .contains("anvil-local-"); // node names
        // Two replicas, each with FANOUTS requests served.
        assertThat(Pattern.compile("<td class=\"num\">" + FANOUTS + "</td>")
                        .matcher(dom)
                        .results()
                        .count())
                .isGreaterThanOrEqualTo(2);

        String jobPage = chromium(chromium, "--dump-dom", base + "/jobs/" + jobId);
        assertThat(jobPage).contains("talker says hello").doesNotContain("ignite internal noise");

        Path target = Path.of("target");
        Files.createDirectories(target);
        Path laptop = target.resolve("dashboard.png");
        Path phone = target.resolve("dashboard-phone.png");
        Files.deleteIfExists(laptop);
        Files.deleteIfExists(phone);
        chromium(
                chromium,
                "--screenshot=" + laptop.toAbsolutePath(),
                "--window-size=1280,1500",
                base + "/jobs/" + jobId);
        chromium(chromium, "--screenshot=" + phone.toAbsolutePath(), "--window-size=390,1600", base + "/");
        for (Path png : List.of(laptop, phone)) {
            assertThat(png).exists();
            byte[] head = Files.readAllBytes(png);
            assertThat(head.length).as(png + " size").isGreaterThan(10_000);
            assertThat(new String(head, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
        }
    }

    @Test
    void badPathsAreShortNotFounds() throws Exception {
        assertNotFound("/no/such/page", "no such page [path=/no/such/page]");
        assertNotFound("/jobs/no-such-job", "no job with this id [job=no-such-job]");
        assertNotFound("/services/no-such-service", "no service with this name [service=no-such-service]");
        assertNotFound("/api/jobs/no-such-job/logs", "no job with this id [job=no-such-job]");
        assertNotFound("/metricsx", "no such page [path=/metricsx]");
        assertNotFound("/healthz/extra", "no such page [path=/healthz/extra]");
        assertThat(get("/services/" + serviceName()).statusCode()).isEqualTo(200);
        HttpResponse<String> logs = get("/api/jobs/" + jobId + "/logs?from=0");
        assertThat(logs.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(logs.body()).path("text").asText()).contains("talker says hello");
        HttpResponse<String> post = HTTP.send(
                HttpRequest.newBuilder(URI.create(base + "/metrics"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);
    }

    @Test
    void runMetricsRefuseBadNamesAndFiguresWithAClearMessage() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> anvil.runMetrics("no spaces"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("run name must be 1-100 letters, digits, '.', '_' or '-' [run=no spaces]");
        RunMetrics run = anvil.runMetrics("grpo-test");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run.record(9, Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a step records 1-16 figures [run=grpo-test, figures=0]");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> run.record(9, Map.of("bad name", 1.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[run=grpo-test, figure=bad name, value=1.0]");
    }

    private static void assertNotFound(String path, String text) throws Exception {
        HttpResponse<String> r = get(path);
        assertThat(r.statusCode()).as(path).isEqualTo(404);
        assertThat(r.body()).as(path).isEqualTo(text + "\n");
    }

    private static String serviceName() {
        return ServicesSection.services(((ClusterAnvil) anvil).ignite()).get(0).name();
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of metric {@code name} in an exposition text, by their label set. */
    private static Map<String, Double> sample(String text, String name) {
        Map<String, Double> out = new java.util.TreeMap<>();
        Matcher m = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\}) (\\S+)$").matcher(text);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** Runs headless Chromium on {@code args} and returns its stdout; the page's scripts get time to run. */
    private static String chromium(Path chromium, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                chromium.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--hide-scrollbars",
                "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium"),
                "--virtual-time-budget=8000"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(tmp, "chromium", ".out");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish in 120 s: " + cmd);
        }
        assertThat(p.exitValue()).as("chromium exit code: " + cmd).isZero();
        return Files.readString(out);
    }

    /** A tool on the PATH, or the test is skipped saying which one is missing. */
    private static Path tool(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        assumeTrue(
                false,
                name + " is not installed (Debian package: " + (name.equals("promtool") ? "prometheus" : name)
                        + "; .ci/run installs it): skipping what needs it");
        return null;
    }
}
