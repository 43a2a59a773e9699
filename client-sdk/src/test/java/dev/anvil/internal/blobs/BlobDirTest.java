package dev.anvil.internal.blobs;

import static dev.anvil.testkit.TestBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File operations on one holder directory. */
class BlobDirTest {
    @TempDir
    Path tmp;

    @Test
    void writesAndReadsByteExactOnBothReadPaths() throws IOException {
        BlobDir dir = new BlobDir(tmp);
        byte[] small = bytes(1, 1000);
        byte[] big = bytes(2, (1 << 20) + 3); // above the mapping threshold
        byte[] framed = new byte[big.length + 20];
        System.arraycopy(big, 0, framed, 7, big.length);
        dir.write(new BlobPath("s", 1, "small"), small, 0, small.length);
        dir.write(new BlobPath("s", 1, "big"), framed, 7, big.length);
        dir.write(new BlobPath("s", 1, "empty"), new byte[0], 0, 0);

        byte[] back = new byte[small.length + 4];
        dir.read(new BlobPath("s", 1, "small"), back, 2, small.length);
        assertThat(java.util.Arrays.copyOfRange(back, 2, 2 + small.length)).isEqualTo(small);
        byte[] bigBack = new byte[big.length];
        dir.read(new BlobPath("s", 1, "big"), bigBack, 0, big.length);
        assertThat(bigBack).isEqualTo(big);
        dir.read(new BlobPath("s", 1, "empty"), new byte[0], 0, 0);
        assertThat(dir.size(new BlobPath("s", 1, "big"))).isEqualTo(big.length);
        assertThat(tmp.resolve("s/1/small")).hasBinaryContent(small);
    }

    @Test
    void aReadOfTheWrongSizeOrOfAMissingBlobFailsClearly() throws IOException {
        BlobDir dir = new BlobDir(tmp);
        dir.write(new BlobPath("s", 1, "a"), bytes(1, 100), 0, 100);
        assertThatThrownBy(() -> dir.read(new BlobPath("s", 1, "a"), new byte[101], 0, 101))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("blob has 100 bytes, expected 101")
                .hasMessageContaining("dir=" + tmp);
        assertThatThrownBy(() -> dir.read(new BlobPath("s", 1, "b"), new byte[1], 0, 1))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aBlobIsInvisibleUntilItsLastByteIsWritten() throws Exception {
        BlobDir dir = new BlobDir(tmp);
        BlobPath p = new BlobPath("s", 1, "slow");
        byte[] data = bytes(3, 64 << 10);
        List<String> seenMidway = new CopyOnWriteArrayList<>();
        // A sender that looks at the directory once half the blob has arrived.
        InputStream halfwayLooker = new InputStream() {
            private final ByteArrayInputStream in = new ByteArrayInputStream(data);

            @Override
            public int read() {
                return in.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (in.available() == data.length / 2) {
                    try (Stream<Path> files = Files.list(dir.file(p).getParent())) {
                        files.forEach(f -> seenMidway.add(f.getFileName().toString()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
                return in.read(b, off, Math.min(len, 4096));
            }
        };
        dir.write(p, halfwayLooker, data.length, new byte[4096]);
        assertThat(seenMidway)
                .as("midway only a temporary file exists")
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("slow.tmp-");
        try (Stream<Path> files = Files.list(dir.file(p).getParent())) {
            assertThat(files)
                    .as("then the whole blob under its name, no temporary file left")
                    .containsExactly(dir.file(p));
        }
        assertThat(dir.file(p)).hasBinaryContent(data);
    }

    @Test
    void aStreamThatEndsEarlyStoresNothing() throws IOException {
        BlobDir dir = new BlobDir(tmp);
        BlobPath p = new BlobPath("s", 1, "cut");
        assertThatThrownBy(() -> dir.write(p, new ByteArrayInputStream(new byte[10]), 20, new byte[8]))
                .isInstanceOf(java.io.EOFException.class)
                .hasMessageContaining("10 bytes early");
        try (Stream<Path> files = Files.list(dir.file(p).getParent())) {
            assertThat(files).as("neither the blob nor its temporary file").isEmpty();
        }
    }

    @Test
    void linkFromSharesTheBytesAndSurvivesTheOtherHoldersRemoval() throws IOException {
        BlobDir a = new BlobDir(Files.createDirectory(tmp.resolve("a")));
        BlobDir b = new BlobDir(Files.createDirectory(tmp.resolve("b")));
        BlobPath p = new BlobPath("s", 2, "w");
        byte[] data = bytes(4, 5000);
        a.write(p, data, 0, data.length);
        assertThat(b.linkFrom(a, p)).isTrue();
        assertThat(Files.isSameFile(a.file(p), b.file(p)))
                .as("one copy of the bytes")
                .isTrue();
        a.removeVersion("s", 2);
        assertThat(a.file(p)).doesNotExist();
        byte[] back = new byte[data.length];
        b.read(p, back, 0, back.length);
        assertThat(back).isEqualTo(data);
        assertThatThrownBy(() -> a.linkFrom(b, new BlobPath("s", 2, "none"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void aWriterNeverRecreatesTheDirectoryOfAHolderThatIsGone() throws IOException {
        Path gone = tmp.resolve("gone-holder");
        BlobDir dir = new BlobDir(gone); // as a writer still holding a stopped holder's directory sees it
        BlobDir other = new BlobDir(tmp);
        other.write(new BlobPath("s", 1, "a"), bytes(1, 10), 0, 10);
        assertThatThrownBy(() -> dir.write(new BlobPath("s", 1, "a"), bytes(1, 10), 0, 10))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("blob holder directory is gone")
                .hasMessageContaining(gone.toString());
        assertThatThrownBy(() ->
                        dir.write(new BlobPath("s", 1, "a"), new ByteArrayInputStream(new byte[10]), 10, new byte[8]))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("blob holder directory is gone");
        assertThatThrownBy(() -> dir.linkFrom(other, new BlobPath("s", 1, "a")))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(gone).doesNotExist();
    }

    @Test
    void removeVersionRemovesThatVersionOnly() throws IOException {
        BlobDir dir = new BlobDir(tmp);
        for (long v = 1; v <= 2; v++) {
            dir.write(new BlobPath("s", v, "a"), bytes(v, 10), 0, 10);
            dir.write(new BlobPath("s", v, "b"), bytes(v, 10), 0, 10);
        }
        dir.write(new BlobPath("t", 1, "a"), bytes(9, 10), 0, 10);
        dir.removeVersion("s", 1);
        dir.removeVersion("s", 7); // none: nothing to do
        assertThat(tmp.resolve("s/1")).doesNotExist();
        assertThat(tmp.resolve("s/2/a")).exists();
        assertThat(tmp.resolve("t/1/a")).exists();
        assertThatThrownBy(() -> dir.removeVersion("../x", 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWriteThatWouldEatTheReserveFailsNamingTheDirectoryAndLeavesNothing() throws IOException {
        // A reserve larger than any disk: every write would eat into it. (A real full disk is not an option here.)
        BlobDir dir = new BlobDir(tmp, Long.MAX_VALUE / 4);
        new BlobDir(tmp).write(new BlobPath("s", 1, "fits"), bytes(1, 10), 0, 10);
        byte[] data = bytes(2, 4 << 20);
        BlobPath p = new BlobPath("s", 1, "too-big");
        assertThatThrownBy(() -> dir.write(p, data, 0, data.length))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("blob directory is full")
                .hasMessageContaining("[dir=" + tmp + "]");
        assertThat(dir.file(p)).doesNotExist();

        // The server's path reads the whole blob off the wire even when it cannot keep it, so the connection stays
        // usable; the caller learns why.
        ByteArrayInputStream in = new ByteArrayInputStream(concat(data, new byte[] {42}));
        assertThatThrownBy(() -> dir.write(p, in, data.length, new byte[8192]))
                .isInstanceOf(BlobDir.NotStoredException.class)
                .hasMessageContaining("blob directory is full");
        assertThat(in.read())
                .as("the stream is in step: the next byte is the next request's")
                .isEqualTo(42);
        try (Stream<Path> files = Files.list(dir.file(p).getParent())) {
            assertThat(files).containsExactly(dir.file(new BlobPath("s", 1, "fits")));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Test
    void blobPathsAreValidated() {
        assertThatThrownBy(() -> new BlobPath("..", 1, "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("store=..");
        assertThatThrownBy(() -> new BlobPath("s", 1, "a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BlobPath("s", -1, "a"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version=-1");
        assertThat(new BlobPath("s", 3, "a.b-c_d").relative()).isEqualTo("s/3/a.b-c_d");
    }
}
