package dev.anvil.worker.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.internal.blobs.BlobDir;
import dev.anvil.testkit.ProcessTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two holders in one JVM (a local cluster): the second one's janitor must leave the first one's lock alone, or another
 * process's janitor sees the lock free and deletes a live holder's blobs.
 */
@ProcessTest
class BlobHostSweepTest {
    /** Tries the lock from another process, as another host process's janitor does, and prints HELD or FREE. */
    private static final String PROBE = """
            import java.nio.channels.FileChannel;
            import java.nio.file.Path;
            import java.nio.file.StandardOpenOption;
            class Probe {
                public static void main(String[] a) throws Exception {
                    try (FileChannel ch = FileChannel.open(Path.of(a[0]), StandardOpenOption.WRITE)) {
                        System.out.print(ch.tryLock() == null ? "HELD" : "FREE");
                    }
                }
            }
            """;

    @TempDir
    Path root;

    @TempDir
    Path probeDir;

    @Test
    void aSweepInTheSameJvmKeepsTheOtherHoldersLockHeld() throws Exception {
        Path probe = Files.writeString(probeDir.resolve("Probe.java"), PROBE);
        try (BlobHost a = BlobHost.start("a", root, "127.0.0.1", 0, null);
                BlobHost b = BlobHost.start("b", root, "127.0.0.1", 0, null)) {
            b.sweep();
            assertThat(lockSeenFromAnotherProcess(probe, a.dir().root().resolve("owner.lock")))
                    .isEqualTo("HELD");
            assertThat(a.dir().root().resolve(BlobDir.TOKEN_FILE)).exists();
        }
        assertThat(root).isEmptyDirectory();
    }

    private static String lockSeenFromAnotherProcess(Path probe, Path lock) throws IOException, InterruptedException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-Xmx32m", probe.toString(), lock.toString())
                .redirectErrorStream(true)
                .start();
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS))
                    .as("probe process finished")
                    .isTrue();
            return new String(p.getInputStream().readAllBytes()).trim();
        } finally {
            p.destroyForcibly();
        }
    }
}
