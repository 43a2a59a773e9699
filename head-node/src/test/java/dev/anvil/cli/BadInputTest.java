package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.internal.node.FreePorts;
import dev.anvil.testkit.AnvilLauncher;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.ProcessTest;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad input: one {@code anvil:} line naming the problem, no stack trace, a non-zero exit, no hang. */
@ProcessTest
class BadInputTest {
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void unknownFlag() {
        CliResult r = AnvilLauncher.run(LIMIT, "worker", "--head", "127.0.0.1:1", "--gpu", "2");
        assertOneLineError(r, AnvilCli.EXIT_USAGE, "Unknown options: '--gpu'");
    }

    @Test
    void headAddressNobodyAnswersAtFailsWithinTheJoinTimeout() {
        int nobody = FreePorts.freeBlock("127.0.0.1", 1);
        int own = FreePorts.freeBlock("127.0.0.1", 30);
        long t0 = System.nanoTime();
        CliResult r = AnvilLauncher.run(
                LIMIT,
                "worker",
                "--head",
                "127.0.0.1:" + nobody,
                "--join-timeout",
                "3000",
                "--port",
                Integer.toString(own),
                "--comm-port",
                Integer.toString(own + 10),
                "--gpus",
                "0",
                "--run-dir",
                dir.resolve("run").toString(),
                "--work-dir",
                dir.resolve("work").toString());
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf(
                "worker with an unanswered --head failed after %d ms (join timeout 3000 ms, JVM start included)%n", ms);
        assertOneLineError(
                r,
                AnvilCli.EXIT_FAILURE,
                "no head answers within the join timeout of 3000 ms [head=127.0.0.1:" + nobody);
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void statusOfAnAddressNobodyAnswersAt() {
        int nobody = FreePorts.freeBlock("127.0.0.1", 1);
        CliResult r = AnvilLauncher.run(LIMIT, "status", "--address", "127.0.0.1:" + nobody);
        assertOneLineError(r, AnvilCli.EXIT_FAILURE, "no head answers within the join timeout");
    }

    @Test
    void portInUse() throws IOException {
        int port = FreePorts.freeBlock("127.0.0.1", 1);
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            CliResult r = AnvilLauncher.run(
                    LIMIT,
                    "head",
                    "--port",
                    Integer.toString(port),
                    "--run-dir",
                    dir.resolve("run").toString(),
                    "--work-dir",
                    dir.resolve("work").toString());
            assertOneLineError(r, AnvilCli.EXIT_USAGE, "port in use [port=" + port + ", host=127.0.0.1]");
        }
    }

    @Test
    void statusPortInUseRefusesTheStartWithAHint() throws IOException {
        int[] ports = {FreePorts.freeBlock("127.0.0.1", 1), FreePorts.freeBlock("127.0.0.1", 1)};
        try (ServerSocket taken = new ServerSocket(ports[1], 1, InetAddress.getByName("127.0.0.1"))) {
            CliResult r = AnvilLauncher.run(
                    LIMIT,
                    "head",
                    "--port",
                    Integer.toString(ports[0]),
                    "--status-port",
                    Integer.toString(ports[1]),
                    "--run-dir",
                    dir.resolve("run").toString(),
                    "--work-dir",
                    dir.resolve("work").toString());
            assertOneLineError(
                    r,
                    AnvilCli.EXIT_USAGE,
                    "status port in use: the dashboard and /metrics need it; choose another with --status-port PORT,"
                            + " or --status-port 0 to run without them [status-port=" + ports[1]
                            + ", host=127.0.0.1]");
        }
        assertThat(dir.resolve("run")).doesNotExist();
    }

    @Test
    void negativeGpus() {
        CliResult r = AnvilLauncher.run(LIMIT, "worker", "--head", "127.0.0.1:1", "--gpus", "-1");
        assertOneLineError(r, AnvilCli.EXIT_USAGE, "--gpus must be >= 0 [gpus=-1]");
    }

    @Test
    void configFileThatDoesNotParse() throws IOException {
        Path cfg = dir.resolve("broken.yaml");
        Files.writeString(cfg, "discovery:\n  port: [47500\n");
        CliResult r = AnvilLauncher.run(LIMIT, "head", "--config", cfg.toString());
        assertOneLineError(r, AnvilCli.EXIT_FAILURE, "config file does not parse at line");
        assertThat(r.errorLines().get(0)).endsWith("[file=" + cfg + "]");
    }

    private static void assertOneLineError(CliResult r, int exit, String problem) {
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(exit);
        assertThat(r.errorLines())
                .as(r.toString())
                .singleElement()
                .asString()
                .startsWith("anvil: ")
                .contains(problem);
        assertThat(r.stderr()).as("no stack trace\n" + r).doesNotContain("\tat ");
        assertThat(r.stdout()).as(r.toString()).isEmpty();
    }
}
