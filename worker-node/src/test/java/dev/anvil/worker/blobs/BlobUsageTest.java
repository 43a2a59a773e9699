package dev.anvil.worker.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.internal.blobs.BlobDir;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlobUsageTest {
    @TempDir
    Path dir;

    @Test
    void countsBlobsByVersionAndTheBytesSharedThroughHardLinks() throws IOException {
        Path holder = Files.createDirectory(dir.resolve("worker-1-abcd1234"));
        Path other = Files.createDirectory(dir.resolve("worker-2-ef567890"));
        Files.writeString(holder.resolve(BlobDir.TOKEN_FILE), "token");
        Files.createFile(holder.resolve("owner.lock"));
        write(holder.resolve("policy/1/a"), 1000);
        write(holder.resolve("policy/1/b"), 24);
        write(holder.resolve("policy/1/c.tmp-" + UUID.randomUUID()), 5000); // a write in progress
        write(holder.resolve("critic/7/a"), 300);
        Files.createDirectories(holder.resolve("policy/2")); // a version whose blobs are not there yet
        Files.createDirectories(other.resolve("critic/7"));
        Files.createLink(other.resolve("critic/7/a"), holder.resolve("critic/7/a"));

        BlobUsage u = BlobUsage.of(holder);

        assertThat(u.dir()).isEqualTo(holder.toString());
        assertThat(u.bytes()).isEqualTo(1324);
        assertThat(u.blobs()).isEqualTo(3);
        assertThat(u.versions()).as("policy/1 and critic/7").isEqualTo(2);
        assertThat(u.linkedBytes()).as("critic/7/a is also the other holder's").isEqualTo(300);
        assertThat(u.freeBytes()).isPositive();
        assertThat(BlobUsage.of(other).linkedBytes()).isEqualTo(300);
    }

    @Test
    void anEmptyHolderHoldsNothing() throws IOException {
        Path holder = Files.createDirectory(dir.resolve("empty"));
        Files.writeString(holder.resolve(BlobDir.TOKEN_FILE), "token");
        assertThat(BlobUsage.of(holder))
                .extracting(BlobUsage::bytes, BlobUsage::blobs, BlobUsage::versions)
                .containsExactly(0L, 0, 0);
    }

    @Test
    void aMissingDirectoryIsNamed() {
        Path gone = dir.resolve("gone");
        assertThatThrownBy(() -> BlobUsage.of(gone))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageStartingWith("cannot read the blob directory: ")
                .hasMessageEndingWith("[dir=" + gone + "]");
    }

    private static void write(Path f, int len) throws IOException {
        Files.createDirectories(f.getParent());
        Files.write(f, new byte[len]);
    }
}
