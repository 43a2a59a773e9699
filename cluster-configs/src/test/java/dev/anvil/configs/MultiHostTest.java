package dev.anvil.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.anvil.testkit.AnvilLauncher;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.ClientApps;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestClasspath;
import dev.anvil.testkit.TestJars;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Anvil across hosts, as users run it: four network namespaces on a bridge (head 10.213.0.1, workers .2 and .3, a
 * client .4), each with its own address and its own tmpfs {@code /dev/shm}, the cluster on mutual TLS made by
 * {@code tls/make-certs.sh}. The client's driver brings its own actor class (on no worker's classpath). One cluster
 * for every check; the kill -9 check runs last. Skipped, with the reason, where network namespaces cannot be made
 * (not root, no {@code ip netns}).
 */
@ProcessTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MultiHostTest {
    private static final Path CONFIGS = Path.of(System.getProperty("anvil.home"), "cluster-configs");
    private static final int HEAD = 1;
    private static final int CLIENT = 4;
    private static final String PASSWORD = "changeit";
    private static final Duration JOIN = Duration.ofSeconds(120);
    private static final Duration ANSWER = Duration.ofSeconds(120);
    private static final String TOKEN = "multi-host-secret-token";
    /** Weight and raw TCP transfer rounds (the first warms up): -Danvil.multihost.rounds=N for a longer benchmark. */
    private static final int ROUNDS = Integer.getInteger("anvil.multihost.rounds", 3);

    @TempDir
    static Path dir;

    private static NetworkHosts hosts;
    private static final List<NodeProcess> nodes = new ArrayList<>();
    private static final List<Driver> drivers = new ArrayList<>();
    private static String headAddress;
    private static Path certs;
    private static Path appV1;
    private static Path appV2;
    private static Driver v1;

    @BeforeAll
    static void startCluster() throws Exception {
        Optional<String> why = NetworkHosts.unavailable();
        assumeTrue(why.isEmpty(), () -> "multi-host test skipped: " + why.orElse(""));
        long t0 = System.nanoTime();
        hosts = NetworkHosts.create(4);
        try {
            headAddress = hosts.address(HEAD) + ":47500..47509";
            certs = dir.resolve("certs");
            makeCerts();
            long tCerts = System.nanoTime();
            Files.writeString(dir.resolve("token"), TOKEN + "\n");
            NodeProcess head = startNode(
                    HEAD,
                    "head",
                    "256m",
                    "head",
                    "--name",
                    "head",
                    "--config",
                    config(HEAD, "node").toString(),
                    "--auth-token-file",
                    dir.resolve("token").toString());
            awaitStarted(head);
            long tHead = System.nanoTime();
            List<NodeProcess> workers = List.of(
                    startNode(
                            2,
                            "worker-2",
                            "512m",
                            "worker",
                            "--name",
                            "worker-2",
                            "--config",
                            config(2, "node").toString()),
                    startNode(
                            3,
                            "worker-3",
                            "512m",
                            "worker",
                            "--name",
                            "worker-3",
                            "--config",
                            config(3, "node").toString()));
            for (NodeProcess w : workers) {
                awaitStarted(w);
            }
            long tWorkers = System.nanoTime();
            appV1 = ClientApps.counterApp(dir, "v1");
            appV2 = ClientApps.counterApp(dir, "v2");
            v1 = Driver.start(appV1, "client-v1");
            System.out.printf(
                    "multi-host cluster (4 namespaces, mutual TLS) up in %d ms: certificates %d ms, head %d ms,"
                            + " workers %d ms, client apps and driver %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000,
                    (tCerts - t0) / 1_000_000,
                    (tHead - tCerts) / 1_000_000,
                    (tWorkers - tHead) / 1_000_000,
                    (System.nanoTime() - tWorkers) / 1_000_000);
        } catch (RuntimeException | Error e) {
            stopCluster();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() {
        for (Driver d : drivers) {
            d.kill();
        }
        for (NodeProcess n : nodes) {
            n.kill9();
        }
        if (hosts != null) {
            hosts.close();
        }
    }

    @Test
    @Order(1)
    void statusFromTheClientHost() {
        CliResult status = cliOnClientHost(Map.of(), "status", "--address", headAddress, "--config", clientConfig());
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.stdout())
                .contains("1 head, 2 workers")
                .contains(hosts.address(2))
                .contains(hosts.address(3));
    }

    @Test
    @Order(2)
    void theClientsOwnActorClassRunsAsAServiceWithRouteAndFanout() {
        assertThat(v1.ask("deploy counter-v1 2")).isEqualTo("counter-v1");
        assertThat(v1.ask("route counter-v1")).isEqualTo("v1");
        // Every healthy replica answers; under load a replica may miss a health probe for a moment.
        await().atMost(ANSWER).until(() -> v1.ask("fanout counter-v1").equals("[v1, v1]"));
    }

    @Test
    @Order(3)
    void theSameClientCodeWithTwoVersionsOfOneActorClassRunsSideBySide() {
        v1.ask("deploy counter-side 1");
        Driver v2 = Driver.start(appV2, "client-v2");
        assertThat(v2.ask("deploy counter-v2 2")).isEqualTo("counter-v2");
        await().atMost(ANSWER).until(() -> v2.ask("fanout counter-v2").equals("[v2, v2]"));
        assertThat(v1.ask("route counter-side")).isEqualTo("v1");
        assertThat(v2.ask("route counter-v2")).isEqualTo("v2");
        v2.quit();
    }

    @Test
    @Order(4)
    void replayBufferAcrossHosts() {
        // Sampled episodes are gone (maxResampleCount 0).
        assertThat(v1.ask("replay episodes")).isEqualTo("size=20 batch=4 left=16");
    }

    @Test
    @Order(5)
    void weightsOf128MiBByteExactOverTcpAgainstRawTcp() throws Exception {
        // Baselines between the same two namespaces (client -> worker-2): plain TCP, and TCP with the cluster's TLS.
        Process raw = startOnHost(2, "rawtcp", "app.RawTcp", hosts.address(2), "47990");
        Process rawTls = startOnHost(
                2,
                "rawtls",
                "app.RawTcp",
                hosts.address(2),
                "47991",
                certs.resolve("node.p12").toString(),
                certs.resolve("trust.p12").toString(),
                PASSWORD);
        try {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> Files.readString(dir.resolve("rawtcp.log")).contains("listening")
                            && Files.readString(dir.resolve("rawtls.log")).contains("listening"));
            String rawTcp = v1.ask("rawtcp " + hosts.address(2) + " 47990 128 " + ROUNDS);
            String tlsTcp = v1.ask("rawtls " + hosts.address(2) + " 47991 128 " + ROUNDS + " "
                    + certs.resolve("client.p12") + " " + certs.resolve("trust.p12") + " " + PASSWORD);
            String weights = v1.ask("weights policy 128 " + ROUNDS);
            double send = number(rawTcp, "sendMBps");
            double recv = number(rawTcp, "recvMBps");
            double push = number(weights, "pushMBps");
            double pull = number(weights, "pullMBps");
            System.out.printf(
                    "weights 128 MiB client->workers over mutual TLS, best warm of %d: push %.0f MB/s = %.2fx raw TCP"
                            + " (%.0f MB/s), pull %.0f MB/s = %.2fx raw TCP (%.0f MB/s); raw TLS between the same hosts:"
                            + " send %.0f MB/s, receive %.0f MB/s%n",
                    ROUNDS,
                    push,
                    push / send,
                    send,
                    pull,
                    pull / recv,
                    recv,
                    number(tlsTcp, "sendMBps"),
                    number(tlsTcp, "recvMBps"));
            // Every round, the first (cold) included: how far warm-up goes on each side.
            System.out.printf("weights rounds: raw TCP %s; raw TLS %s; weights %s%n", rawTcp, tlsTcp, weights);
            assertThat(weights).contains("exact=true");
            assertThat(push).isPositive();
            assertThat(pull).isPositive();
        } finally {
            raw.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            rawTls.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Starts {@code main} of the client app on host {@code host}, logging to {@code name}.log. */
    private static Process startOnHost(int host, String name, String main, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(hosts.wrapper(host));
        cmd.addAll(List.of(java(), "-Xmx64m", "-cp", TestClasspath.get() + java.io.File.pathSeparator + appV1, main));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile())
                .start();
    }

    @Test
    @Order(6)
    void aJobIsRefusedWithoutTheTokenAndRunsWithIt() {
        Path jar = TestJars.build(
                dir.resolve("hello-job.jar"),
                "job.Hello",
                Map.of(
                        "job.Hello",
                        "package job; public class Hello { public static void main(String[] a) throws Exception {"
                                + " try (dev.anvil.sdk.Anvil anvil = dev.anvil.sdk.Anvil.connect()) {"
                                + "  System.out.println(\"hello from a job on \" + anvil.address()); } } }"));
        String[] submit = {
            "job",
            "submit",
            "--address",
            headAddress,
            "--node-config",
            clientConfig(),
            "--jar",
            jar.toString(),
            "--follow"
        };
        CliResult refused = cliOnClientHost(Map.of(), submit);
        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.stdout() + refused.stderr()).contains("token");
        CliResult ran = cliOnClientHost(Map.of("ANVIL_TOKEN", TOKEN), submit);
        assertThat(ran.exitCode()).as(ran.toString()).isZero();
        assertThat(ran.stdout()).contains("hello from a job on");
    }

    @Test
    @Order(7)
    void aNodeWithoutTlsOffLoopbackRefusesToStart() {
        CliResult r = cliOnClientHost(
                Map.of(), "worker", "--host", hosts.address(CLIENT), "--head", headAddress, "--gpus", "0");
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        assertThat(r.stdout() + r.stderr())
                .contains("without TLS")
                .contains("--insecure")
                .contains(hosts.address(CLIENT));
    }

    @Test
    @Order(100)
    void killingAWorkerHostsProcessUnderAStreamOfCallsFailsNoCall() {
        assertThat(v1.ask("deploy stream 2")).isEqualTo("stream");
        assertThat(v1.ask("stream-start stream")).isEqualTo("started");
        await().atMost(ANSWER).until(() -> calls(v1.ask("stream-calls")) >= 50);
        NodeProcess victim = nodes.stream()
                .filter(n -> n.name().equals("worker-3"))
                .findFirst()
                .orElseThrow();
        victim.kill9();
        long atKill = calls(v1.ask("stream-calls"));
        await().atMost(ANSWER).until(() -> calls(v1.ask("stream-calls")) >= atKill + 200);
        String result = v1.ask("stream-stop");
        System.out.println("call stream across a worker's kill -9: " + result);
        assertThat(result).contains("failed=0 ");
    }

    private static long calls(String answer) {
        return (long) number(answer, "calls");
    }

    private static double number(String text, String key) {
        Matcher m = Pattern.compile(key + "=([0-9.]+)").matcher(text);
        if (!m.find()) {
            throw new AssertionError("no " + key + " in: " + text);
        }
        return Double.parseDouble(m.group(1));
    }

    private static void makeCerts() throws Exception {
        StringBuilder san = new StringBuilder("ip:127.0.0.1,dns:localhost");
        for (int i = 1; i <= 4; i++) {
            san.append(",ip:").append(hosts.address(i));
        }
        ProcessBuilder pb = new ProcessBuilder(
                        CONFIGS.resolve("tls/make-certs.sh").toString(), certs.toString(), "node", "client")
                .redirectErrorStream(true);
        pb.environment().put("ANVIL_TLS_SAN", san.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS))
                .as("make-certs.sh finished")
                .isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }

    /** A node configuration for host {@code i}, with mutual TLS (its key store: {@code store}.p12). */
    private static Path config(int i, String store) {
        String yaml = "host: " + hosts.address(i) + "\n"
                + "discovery:\n  port: 47500\n  portRange: 10\n  seeds: [\"" + headAddress + "\"]\n"
                + "communication:\n  port: 47100\n"
                + "head:\n  thinClientPort: 10800\n  statusPort: 8265\n"
                + "worker:\n  head: \"" + headAddress + "\"\n  gpus: 0\n  cpus: 4\n  memory: 1g\n  blobPort: 47700\n"
                + "memory:\n  defaultRegion: 64m\n  stateRegion: 64m\n"
                + "timeouts:\n  joinMs: 30000\n  failureDetectionMs: 5000\n"
                + "workDir: " + dir.resolve("work") + "\n"
                + tls(store);
        Path f = dir.resolve("host-" + i + ".yaml");
        write(f, yaml);
        return f;
    }

    private static String clientConfig() {
        Path f = dir.resolve("client.yaml");
        if (!Files.exists(f)) {
            write(f, tls("client"));
        }
        return f.toString();
    }

    private static String tls(String store) {
        return "tls:\n  keyStore: " + certs.resolve(store + ".p12") + "\n  keyStorePassword: " + PASSWORD
                + "\n  trustStore: " + certs.resolve("trust.p12") + "\n  trustStorePassword: " + PASSWORD + "\n";
    }

    private static void write(Path f, String text) {
        try {
            Files.writeString(f, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static NodeProcess startNode(int host, String name, String heap, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--run-dir", dir.resolve("run").toString()));
        NodeProcess n =
                AnvilLauncher.startNode(name, dir.resolve(name + ".log"), heap, all, Map.of(), hosts.wrapper(host));
        nodes.add(n);
        return n;
    }

    private static void awaitStarted(NodeProcess node) {
        Path record = dir.resolve("run").resolve(node.name() + ".json");
        await("node " + node.name() + " started")
                .atMost(JOIN)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!node.isAlive()) {
                        throw new IllegalStateException(
                                "node " + node.name() + " exited before it started; its output:\n" + node.output());
                    }
                    return Files.exists(record);
                });
    }

    /** Runs {@code bin/anvil args} on the client host to completion (bounded) and returns what it printed. */
    private static CliResult cliOnClientHost(Map<String, String> env, String... args) {
        try {
            Path out = Files.createTempFile(dir, "cli-", ".out");
            Path err = Files.createTempFile(dir, "cli-", ".err");
            ProcessBuilder pb = AnvilLauncher.command(AnvilLauncher.DEFAULT_HEAP, List.of(args));
            List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", hosts.namespace(CLIENT)));
            cmd.addAll(pb.command());
            pb.command(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("ANVIL_TOKEN");
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("anvil " + String.join(" ", args) + " did not finish within 120 s\n"
                        + Files.readString(out) + Files.readString(err));
            }
            return new CliResult(p.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The client's driver ({@code app.Client}) on the client host, answering one line per command. */
    private static final class Driver {
        private final String name;
        private final Process process;
        private final PrintWriter in;
        private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();
        private final Path log;

        private Driver(String name, Process process, Path log) {
            this.name = name;
            this.process = process;
            this.log = log;
            this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
            Thread reader = new Thread(
                    () -> {
                        try (BufferedReader r = new BufferedReader(
                                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                            String line;
                            while ((line = r.readLine()) != null) {
                                if (line.startsWith("OK ") || line.startsWith("ERR ")) {
                                    answers.add(line);
                                }
                            }
                        } catch (IOException e) {
                            // the driver is gone
                        }
                    },
                    name + "-stdout");
            reader.setDaemon(true);
            reader.start();
        }

        static Driver start(Path app, String name) {
            Path log = dir.resolve(name + ".log");
            List<String> cmd = new ArrayList<>(hosts.wrapper(CLIENT));
            cmd.addAll(List.of(
                    java(),
                    "@" + Path.of(System.getProperty("anvil.home"), "bin", "ignite-jvm.args"),
                    "-Xmx1g",
                    "-XX:+ExitOnOutOfMemoryError",
                    "-cp",
                    TestClasspath.get() + java.io.File.pathSeparator + app,
                    "app.Client",
                    headAddress,
                    certs.resolve("client.p12").toString(),
                    certs.resolve("trust.p12").toString(),
                    PASSWORD));
            try {
                Process p = new ProcessBuilder(cmd).redirectError(log.toFile()).start();
                Driver d = new Driver(name, p, log);
                drivers.add(d);
                d.expect("connected");
                return d;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sends {@code command}; returns its answer (after "OK cmd "), failing on ERR or silence. */
        String ask(String command) {
            in.println(command);
            return expect(command.split(" ")[0]);
        }

        private String expect(String word) {
            try {
                String line = answers.poll(ANSWER.toSeconds(), TimeUnit.SECONDS);
                if (line == null) {
                    throw new AssertionError(
                            name + ": no answer to '" + word + "' within " + ANSWER + "; log:\n" + tail());
                }
                if (!line.startsWith("OK " + word)) {
                    throw new AssertionError(name + ": '" + word + "' failed: " + line + "\nlog:\n" + tail());
                }
                return line.substring(("OK " + word).length()).strip();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void quit() {
            in.println("quit");
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill();
        }

        void kill() {
            process.destroyForcibly();
        }

        private String tail() {
            try {
                String s = Files.readString(log);
                return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
            } catch (IOException e) {
                return "(no log: " + e + ")";
            }
        }
    }
}
