package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.node.FreePorts;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code anvil worker --blob-dir/--blob-port} and {@code worker.blobDir/blobPort}: flags win over the file, relative
 * paths follow the file, and bad values fail with one line before the worker tries to join anything.
 */
class BlobOptionsTest {
    @TempDir
    Path dir;

    @Test
    void flagsWinOverTheFileWhoseRelativeBlobDirFollowsTheFile() throws IOException {
        Path cfg = dir.resolve("node.yaml");
        Files.writeString(cfg, "worker: { blobDir: blobs, blobPort: 47700 }\n");
        NodeConfig.Worker fromFile = NodeConfig.load(cfg).worker();
        assertThat(fromFile.blobDir()).isEqualTo(dir.resolve("blobs").toString());

        BlobOptions none = new BlobOptions();
        assertThat(none.root(fromFile)).isEqualTo(dir.resolve("blobs"));
        assertThat(none.port(fromFile)).isEqualTo(47700);

        BlobOptions flags = new BlobOptions();
        flags.dir = dir.resolve("elsewhere");
        flags.port = 0;
        assertThat(flags.root(fromFile)).isEqualTo(dir.resolve("elsewhere"));
        assertThat(flags.port(fromFile)).isZero();
    }

    @Test
    void withoutFlagOrFileTheNodeChoosesItsDefaultRootAndAnyPort() {
        BlobOptions none = new BlobOptions();
        assertThat(none.root(null)).as("null: BlobHost.defaultRoot()").isNull();
        assertThat(none.port(null)).isZero();
    }

    @Test
    void blobDirThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertOneLineUsageError(
                run("--blob-dir", file.toString()), "--blob-dir is not a directory [blobDir=" + file + "]");
    }

    @Test
    void blobDirUnderAFileCannotBeCreated() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        assertOneLineUsageError(
                run("--blob-dir", file.resolve("sub").toString()),
                "--blob-dir cannot be created: its parent is not a writable directory [blobDir=" + file.resolve("sub"));
    }

    @Test
    void blobDirThatIsNotWritable() throws IOException {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        // root writes anywhere its file system allows, so as root use a read-only mount instead (/proc/sys is one on
        // Linux machines and containers)
        Path target = Stream.of(readOnly, Path.of("/proc/sys"))
                .filter(p -> Files.isDirectory(p) && !Files.isWritable(p))
                .findFirst()
                .orElseThrow(() ->
                        new AssertionError("no directory this user cannot write: neither a 555 folder nor /proc/sys"));
        try {
            assertOneLineUsageError(
                    run("--blob-dir", target.toString()), "--blob-dir is not writable [blobDir=" + target + "]");
            assertOneLineUsageError(
                    run("--blob-dir", target.resolve("sub").toString()),
                    "--blob-dir cannot be created: its parent is not a writable directory [blobDir="
                            + target.resolve("sub"));
        } finally {
            Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void blobPortOutOfRange() {
        assertOneLineUsageError(
                run("--blob-port", "70000"),
                "--blob-port must be 0 (any free port) or a port number 1..65535 [blobPort=70000]");
        assertOneLineUsageError(run("--blob-port", "-1"), "[blobPort=-1]");
    }

    @Test
    void blobPortOutOfRangeInTheConfigFile() throws IOException {
        Path cfg = Files.writeString(dir.resolve("node.yaml"), "worker: { blobPort: 65536 }\n");
        assertOneLineUsageError(run("--config", cfg.toString()), "[blobPort=65536]");
    }

    @Test
    void aTakenBlobPortMovesToTheNextOfTheRangeAndAFullRangeFails() throws IOException {
        int port = FreePorts.freeBlock("127.0.0.1", 2);
        try (ServerSocket taken = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(BlobOptions.firstFree(port, "127.0.0.1", 2)).isEqualTo(port + 1);
            assertOneLineUsageError(
                    run("--blob-port", Integer.toString(port), "--port-range", "1"),
                    "no free blob port [blob-port=" + port + ", host=127.0.0.1]");
        }
    }

    /** Runs {@code anvil worker} in this JVM; every case here fails before anything starts. */
    private String[] run(String... flags) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cmd = AnvilCli.commandLine();
        cmd.setOut(new PrintWriter(out));
        cmd.setErr(new PrintWriter(err));
        String[] args = Stream.concat(
                        Stream.of(
                                "worker",
                                "--head",
                                "127.0.0.1:1",
                                "--gpus",
                                "0",
                                "--run-dir",
                                dir.resolve("run").toString(),
                                "--work-dir",
                                dir.resolve("work").toString()),
                        Stream.of(flags))
                .toArray(String[]::new);
        int exit = cmd.execute(args);
        return new String[] {Integer.toString(exit), out.toString(), err.toString()};
    }

    private void assertOneLineUsageError(String[] r, String problem) {
        String report = "exit " + r[0] + "\n--- stdout\n" + r[1] + "--- stderr\n" + r[2];
        assertThat(Integer.parseInt(r[0])).as(report).isEqualTo(AnvilCli.EXIT_USAGE);
        assertThat(r[2].lines().toList())
                .as(report)
                .singleElement()
                .asString()
                .startsWith("anvil: ")
                .contains(problem);
        assertThat(r[1]).as(report).isEmpty();
        assertThat(dir.resolve("run")).doesNotExist();
    }
}
