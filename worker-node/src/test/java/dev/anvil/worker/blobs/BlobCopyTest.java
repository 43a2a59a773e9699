package dev.anvil.worker.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.blobs.RemoteBlobAccess;
import dev.anvil.internal.node.NodeAttributes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Re-replication between two holders: COPY (hard link on a shared host, else TCP) and DELETE of one blob. */
class BlobCopyTest {
    private static final BlobPath PATH = new BlobPath("policy", 7, "t0-c1");

    @TempDir
    Path root;

    private BlobHost source;
    private BlobHost target;
    private RemoteBlobAccess toSource;
    private RemoteBlobAccess toTarget;
    private final byte[] bytes = new byte[300_000];

    @BeforeEach
    void start() throws IOException {
        source = BlobHost.start("source", root, "127.0.0.1", 0, null);
        target = BlobHost.start("target", root, "127.0.0.1", 0, null);
        toSource = new RemoteBlobAccess(
                RemoteBlobAccess.parse(attr(source, NodeAttributes.BLOB_ADDRESS)), SocketFactory.getDefault());
        toTarget = new RemoteBlobAccess(
                RemoteBlobAccess.parse(attr(target, NodeAttributes.BLOB_ADDRESS)), SocketFactory.getDefault());
        new Random(7).nextBytes(bytes);
        source.dir().write(PATH, bytes, 0, bytes.length);
    }

    @AfterEach
    void stop() {
        toSource.close();
        toTarget.close();
        target.close();
        source.close();
    }

    private static String attr(BlobHost h, String key) {
        return (String) h.attributes().get(key);
    }

    private byte[] readFromTarget() throws IOException {
        byte[] back = new byte[bytes.length];
        toTarget.read(PATH, back, 0, back.length);
        return back;
    }

    @Test
    void aCopyToAHolderWhoseDirectoryIsVisibleIsAHardLink() throws IOException {
        toSource.copyTo(
                PATH,
                bytes.length,
                attr(target, NodeAttributes.BLOB_ADDRESS),
                attr(target, NodeAttributes.BLOB_DIR),
                attr(target, NodeAttributes.BLOB_TOKEN));

        assertThat(readFromTarget()).isEqualTo(bytes);
        assertThat(Files.isSameFile(source.dir().file(PATH), target.dir().file(PATH)))
                .as("one file, two links")
                .isTrue();
    }

    @Test
    void aCopyToAHolderElsewhereGoesOverTcp() throws IOException {
        // No directory or a wrong token: as for a holder on another host, the source PUTs to the target's server.
        toSource.copyTo(PATH, bytes.length, attr(target, NodeAttributes.BLOB_ADDRESS), "", "");
        assertThat(readFromTarget()).isEqualTo(bytes);
        toTarget.remove(PATH);
        toSource.copyTo(
                PATH,
                bytes.length,
                attr(target, NodeAttributes.BLOB_ADDRESS),
                attr(target, NodeAttributes.BLOB_DIR),
                "not-the-token");

        assertThat(readFromTarget()).isEqualTo(bytes);
        assertThat(Files.isSameFile(source.dir().file(PATH), target.dir().file(PATH)))
                .as("a copy, not a link")
                .isFalse();
    }

    @Test
    void copiesOfChunkSizedBlobsOverTcpAreByteExactAndMeasured() throws IOException {
        byte[] chunk = new byte[4 << 20];
        new Random(8).nextBytes(chunk);
        int n = 16;
        for (int i = 0; i < n; i++) {
            source.dir().write(new BlobPath("big", 1, "c" + i), chunk, 0, chunk.length);
            source.dir().write(new BlobPath("big", 2, "c" + i), chunk, 0, chunk.length);
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            toSource.copyTo(
                    new BlobPath("big", 1, "c" + i), chunk.length, attr(target, NodeAttributes.BLOB_ADDRESS), "", "");
        }
        long tcpNanos = System.nanoTime() - t0;
        t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            toSource.copyTo(
                    new BlobPath("big", 2, "c" + i),
                    chunk.length,
                    attr(target, NodeAttributes.BLOB_ADDRESS),
                    attr(target, NodeAttributes.BLOB_DIR),
                    attr(target, NodeAttributes.BLOB_TOKEN));
        }
        long linkNanos = System.nanoTime() - t0;
        System.out.printf(
                "blob COPY of %d x 4 MiB: over TCP %d ms (%.0f MB/s), as hard links %d ms%n",
                n, tcpNanos / 1_000_000, n * (double) chunk.length / tcpNanos * 1e3, linkNanos / 1_000_000);

        byte[] back = new byte[chunk.length];
        for (int i = 0; i < n; i++) {
            toTarget.read(new BlobPath("big", 1, "c" + i), back, 0, back.length);
            assertThat(back).as("chunk %d", i).isEqualTo(chunk);
        }
    }

    @Test
    void copyingABlobTheSourceDoesNotHaveIsMissingAndTheConnectionStaysUsable() throws IOException {
        BlobPath other = new BlobPath("policy", 7, "t9-c9");
        assertThatThrownBy(() -> toSource.copyTo(other, 10, attr(target, NodeAttributes.BLOB_ADDRESS), "", ""))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("t9-c9");
        assertThatThrownBy(() -> toSource.copyTo(PATH, 10, attr(target, NodeAttributes.BLOB_ADDRESS), "", ""))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("expected 10");
        assertThat(Files.exists(target.dir().file(other))).isFalse();

        toSource.copyTo(PATH, bytes.length, attr(target, NodeAttributes.BLOB_ADDRESS), "", "");
        assertThat(readFromTarget()).isEqualTo(bytes);
    }

    @Test
    void deletingABlobTakesItsEmptyVersionDirectoryAndLeavesOtherBlobs() throws IOException {
        BlobPath sibling = new BlobPath("policy", 7, "t0-c2");
        source.dir().write(sibling, bytes, 0, 10);

        toSource.remove(PATH);
        assertThat(Files.exists(source.dir().file(PATH))).isFalse();
        assertThat(Files.exists(source.dir().file(sibling))).isTrue();

        toSource.remove(sibling);
        toSource.remove(sibling); // nothing to remove: fine
        assertThat(source.dir().root().resolve("policy/7")).doesNotExist();
    }

    @Test
    void aForwardedWriteStoresBothCopiesOverTcp() throws IOException {
        BlobPath p = new BlobPath("policy", 8, "t0-c0");
        assertThat(toSource.writeForwarding(
                        p, bytes, 0, bytes.length, attr(target, NodeAttributes.BLOB_ADDRESS), "", ""))
                .as("both stored")
                .isTrue();

        byte[] back = new byte[bytes.length];
        toTarget.read(p, back, 0, back.length);
        assertThat(back).isEqualTo(bytes);
        toSource.read(p, back, 0, back.length);
        assertThat(back).isEqualTo(bytes);
        assertThat(Files.isSameFile(source.dir().file(p), target.dir().file(p)))
                .as("two copies")
                .isFalse();
    }

    @Test
    void aForwardedWriteToAHolderWhoseDirectoryIsVisibleIsAHardLink() throws IOException {
        BlobPath p = new BlobPath("policy", 8, "t0-c1");
        assertThat(toSource.writeForwarding(
                        p,
                        bytes,
                        0,
                        bytes.length,
                        attr(target, NodeAttributes.BLOB_ADDRESS),
                        attr(target, NodeAttributes.BLOB_DIR),
                        attr(target, NodeAttributes.BLOB_TOKEN)))
                .isTrue();
        assertThat(Files.isSameFile(source.dir().file(p), target.dir().file(p)))
                .as("one file, two links")
                .isTrue();
    }

    @Test
    void aForwardWhoseTargetIsGoneStoresTheFirstCopyAndSaysSo() throws IOException {
        String gone = attr(target, NodeAttributes.BLOB_ADDRESS);
        target.close();
        BlobPath p = new BlobPath("policy", 8, "t0-c2");

        assertThat(toSource.writeForwarding(p, bytes, 0, bytes.length, gone, "", ""))
                .as("only the first holder")
                .isFalse();
        byte[] back = new byte[bytes.length];
        toSource.read(p, back, 0, back.length);
        assertThat(back).isEqualTo(bytes);
        // The connection is still in step.
        toSource.read(PATH, back, 0, back.length);
        assertThat(back).isEqualTo(bytes);
    }
}
