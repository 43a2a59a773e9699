package dev.anvil.worker.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.testkit.ProcessTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A holder's directory, its advertisement, and the janitor that removes the directories of dead holders. */
@ProcessTest
class BlobHostTest {
    @TempDir
    Path root;

    private BlobHost startHost(String name) {
        return BlobHost.start(name, root, "127.0.0.1", 0, null);
    }

    @Test
    void advertisesItsDirectoryAndTokenAndRemovesItsDirectoryWhenClosed() throws IOException {
        Path own;
        try (BlobHost h = startHost("node/1")) {
            own = h.dir().root();
            assertThat(own.getParent()).isEqualTo(root);
            assertThat(own.getFileName().toString()).startsWith("node_1-");
            assertThat(h.attributes().get(NodeAttributes.BLOB_DIR))
                    .isEqualTo(own.toAbsolutePath().toString());
            assertThat(h.dir().token())
                    .isEqualTo(h.attributes().get(NodeAttributes.BLOB_TOKEN))
                    .isNotBlank();
            assertThat((String) h.attributes().get(NodeAttributes.BLOB_ADDRESS)).matches("127\\.0\\.0\\.1:\\d+");
            h.dir().write(new BlobPath("s", 1, "a"), new byte[10], 0, 10);
            try (var entries = Files.list(root)) {
                assertThat(entries).as("no staging directory left").containsExactly(own);
            }
        }
        assertThat(own).doesNotExist();
    }

    @Test
    void aDirectoryWhoseOwnerLockNobodyHoldsIsSweptAtStart() throws IOException {
        Path dead = root.resolve("dead-12345678");
        Files.createDirectories(dead.resolve("s/1"));
        Files.writeString(dead.resolve(BlobHost.OWNER_LOCK), "");
        Files.write(dead.resolve("s/1/a"), new byte[100]);
        // No lock file: what an interrupted removal leaves. Young, it is left alone; abandoned, it goes.
        Path young = Files.createDirectories(root.resolve("lockless-1/s/1"));
        Path abandoned = Files.createDirectories(root.resolve("lockless-2"));
        Files.write(abandoned.resolve("late-blob"), new byte[10]);
        Files.setLastModifiedTime(
                abandoned, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        try (BlobHost h = startHost("sweeper")) {
            assertThat(dead).doesNotExist();
            assertThat(young).exists();
            assertThat(abandoned).doesNotExist();
        }
    }

    @Test
    void aLiveHolderInAnotherProcessKeepsItsDirectoryUntilItDies() throws Exception {
        Path live = Files.createDirectories(root.resolve("live-12345678"));
        Files.write(live.resolve("blob"), new byte[10]);
        Process other = LockHolder.start("hold", live.resolve(BlobHost.OWNER_LOCK));
        try (BlobHost h = startHost("sweeper")) {
            assertThat(LockHolder.firstLine(other)).isEqualTo("locked");
            h.sweep();
            h.sweep();
            assertThat(live.resolve("blob"))
                    .as("the other process still holds its lock")
                    .exists();

            LockHolder.stop(other); // as kill -9 would: the kernel drops the lock
            h.sweep();
            assertThat(live).doesNotExist();
        } finally {
            LockHolder.stop(other);
        }
    }

    @Test
    void sweepingNeverReleasesTheLockOfAHolderInThisProcess() throws Exception {
        // Two holders in one JVM (Anvil.local, in-JVM test clusters) sweep each other's root. Probing a lock file
        // this JVM holds and closing it would drop that lock for the whole process (POSIX record locks), and another
        // host process's janitor would then delete a live holder's blobs.
        try (BlobHost first = startHost("first");
                BlobHost second = startHost("second")) {
            second.sweep();
            first.sweep();
            for (BlobHost h : new BlobHost[] {first, second}) {
                Process probe = LockHolder.start("probe", h.dir().root().resolve(BlobHost.OWNER_LOCK));
                try {
                    assertThat(LockHolder.firstLine(probe))
                            .as("lock of " + h.dir().root())
                            .isEqualTo("held");
                } finally {
                    LockHolder.stop(probe);
                }
            }
            assertThat(first.dir().root()).exists();
            assertThat(second.dir().root()).exists();
        }
    }

    @Test
    void aStagingDirectoryIsLeftAloneWhileYoung() throws IOException {
        Path young = Files.createDirectories(root.resolve(BlobHost.STAGING_PREFIX + "n-12345678"));
        Files.writeString(young.resolve(BlobHost.OWNER_LOCK), "");
        Path old = Files.createDirectories(root.resolve(BlobHost.STAGING_PREFIX + "m-12345678"));
        Files.setLastModifiedTime(
                old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        try (BlobHost h = startHost("sweeper")) {
            assertThat(young).as("a holder may be setting it up right now").exists();
            assertThat(old).as("left by a holder killed while starting").doesNotExist();
        }
    }
}
