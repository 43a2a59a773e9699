package dev.anvil.internal.blobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One holder's blob directory: {@code <root>/<store>/<version>/<name>} files, each written once to a temporary name
 * and renamed into place, so a reader sees a whole blob or none. Used by the holder itself (its TCP server) and by
 * processes on the same host, which read and write it directly: on {@code /dev/shm} that is shared memory, one copy
 * in and one copy out, where TCP costs a copy on each side of the socket plus the kernel's.
 */
public final class BlobDir implements BlobAccess {
    /** File holding the directory's token: proof to another process that it sees this very directory. */
    public static final String TOKEN_FILE = "TOKEN";
    /** Room kept free on the file system: a write that would leave less fails instead of filling it. */
    static final long RESERVE_BYTES = 16L << 20;
    /** Blobs up to this size are read with a plain read; mapping costs more than it saves on small ones. */
    private static final int MAP_THRESHOLD = 256 << 10;

    private final Path root;
    private final long reserveBytes;
    /** The file system of {@link #root}, looked up once: finding it reads the mount table. */
    private volatile java.nio.file.FileStore fileStore;

    public BlobDir(Path root) {
        this(root, RESERVE_BYTES);
    }

    /** A directory that keeps {@code reserveBytes} free instead of {@link #RESERVE_BYTES} (tests: a "full" disk). */
    public BlobDir(Path root, long reserveBytes) {
        this.root = root;
        this.reserveBytes = reserveBytes;
    }

    /** The directory. */
    public Path root() {
        return root;
    }

    /**
     * The holder directory advertised as {@code dir} with {@code token}, when this process can use it directly: same
     * path, same token (same host, same file system) and writable (a process of another user on the host goes through
     * the holder's server instead). {@code null} otherwise.
     */
    public static BlobDir visible(String dir, String token) {
        if (dir == null || dir.isEmpty() || token == null || token.isEmpty()) {
            return null;
        }
        BlobDir d = new BlobDir(Path.of(dir));
        return token.equals(d.token()) && Files.isWritable(d.root()) ? d : null;
    }

    /** The directory's token, or {@code null} when it has none (not a holder directory, or gone). */
    public String token() {
        try {
            return Files.readString(root.resolve(TOKEN_FILE)).trim();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void write(BlobPath path, byte[] src, int off, int len) throws IOException {
        Path target = file(path);
        makeParents(target);
        checkRoom(len);
        Path tmp = target.resolveSibling(path.name() + ".tmp-" + UUID.randomUUID());
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.wrap(src, off, len);
            while (b.hasRemaining()) {
                ch.write(b);
            }
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        publish(tmp, target);
    }

    /**
     * Receives a blob of {@code len} bytes from {@code in} (a holder's TCP server storing what a remote writer sends).
     *
     * @throws NotStoredException when the blob could not be stored here (a full directory, say) but all its bytes
     *     were read, so {@code in} is still in step: the server answers the error and keeps the connection
     * @throws IOException when {@code in} itself failed; the stream is out of step
     */
    public void write(BlobPath path, java.io.InputStream in, int len, byte[] buffer) throws IOException {
        int[] left = {len};
        Path tmp = null;
        try {
            Path target = file(path);
            makeParents(target);
            checkRoom(len);
            tmp = target.resolveSibling(path.name() + ".tmp-" + UUID.randomUUID());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                while (left[0] > 0) {
                    int n = receive(in, buffer, left, path);
                    ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                    while (b.hasRemaining()) {
                        ch.write(b);
                    }
                }
            }
            publish(tmp, target);
        } catch (StreamException e) {
            deleteQuietly(tmp);
            throw e.getCause();
        } catch (IOException e) {
            deleteQuietly(tmp);
            try {
                while (left[0] > 0) {
                    receive(in, buffer, left, path); // skip the rest of the blob: the next request follows it
                }
            } catch (StreamException broken) {
                e.addSuppressed(broken.getCause());
                throw e;
            }
            throw new NotStoredException(e);
        }
    }

    private static int receive(java.io.InputStream in, byte[] buffer, int[] left, BlobPath path)
            throws StreamException {
        int want = Math.min(buffer.length, left[0]);
        int n;
        try {
            // A full buffer per file write: a TLS stream hands out one 16 KiB record per read, and a write per record
            // costs a system call each.
            n = in.readNBytes(buffer, 0, want);
        } catch (IOException e) {
            throw new StreamException(e);
        }
        if (n < want) {
            left[0] -= n;
            throw new StreamException(
                    new java.io.EOFException("blob stream ended " + left[0] + " bytes early [blob=" + path + "]"));
        }
        left[0] -= n;
        return n;
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException e) {
                // a stray temporary file goes with its version
            }
        }
    }

    /** A blob this directory could not store although it received all of it; the message says why. */
    public static final class NotStoredException extends IOException {
        NotStoredException(IOException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** The sender's stream failed (carried to tell it from a failure of this directory). */
    private static final class StreamException extends IOException {
        StreamException(IOException cause) {
            super(cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    /**
     * Makes this directory hold {@code path} by hard-linking the copy {@code other} holds: both holders then own the
     * same bytes, which stay until the last of them removes its link. Blobs are immutable, so sharing is safe.
     *
     * @return {@code false} when a link is impossible (another file system); the caller writes a copy instead
     */
    public boolean linkFrom(BlobDir other, BlobPath path) throws IOException {
        Path target = file(path);
        makeParents(target);
        Path tmp = target.resolveSibling(path.name() + ".tmp-" + UUID.randomUUID());
        try {
            Files.createLink(tmp, other.file(path));
        } catch (UnsupportedOperationException | java.nio.file.FileSystemException e) {
            if (e instanceof NoSuchFileException) {
                throw (NoSuchFileException) e;
            }
            return false;
        }
        publish(tmp, target);
        return true;
    }

    /**
     * Creates the store and version directories of {@code target}, never the holder's own directory: when a holder
     * is gone and its janitor removed that, a writer that still has it in view must fail, not recreate it as an
     * orphan no janitor recognises (it has no owner lock) whose memory would never be freed.
     */
    private void makeParents(Path target) throws IOException {
        Path version = target.getParent();
        for (Path d : new Path[] {version.getParent(), version}) {
            try {
                Files.createDirectory(d);
            } catch (FileAlreadyExistsException e) {
                // the usual case after the first blob of a version
            } catch (NoSuchFileException e) {
                NoSuchFileException gone = new NoSuchFileException(
                        root.toString(), null, "blob holder directory is gone (its holder stopped)");
                gone.initCause(e);
                throw gone;
            }
        }
    }

    private static void publish(Path tmp, Path target) throws IOException {
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target);
        } catch (FileAlreadyExistsException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    private void checkRoom(long len) throws IOException {
        java.nio.file.FileStore fs = fileStore;
        if (fs == null) {
            fs = Files.getFileStore(root);
            fileStore = fs;
        }
        long usable = fs.getUsableSpace();
        if (usable - len < reserveBytes) {
            throw new IOException("blob directory is full: " + usable + " bytes usable, a blob of " + len
                    + " bytes would leave less than the " + reserveBytes + " kept free [dir=" + root + "]");
        }
    }

    @Override
    public void read(BlobPath path, byte[] dst, int off, int len) throws IOException {
        try (FileChannel ch = FileChannel.open(file(path), StandardOpenOption.READ)) {
            long size = ch.size();
            if (size != len) {
                throw new IOException(
                        "blob has " + size + " bytes, expected " + len + " [blob=" + path + ", dir=" + root + "]");
            }
            if (len >= MAP_THRESHOLD && Unmapper.available()) {
                // A mapped read copies once, from the page cache into dst; a channel read copies twice. Unmapped at
                // once, so a removed blob's memory is freed now, not at some later garbage collection.
                MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_ONLY, 0, len);
                try {
                    m.get(dst, off, len);
                } finally {
                    Unmapper.unmap(m);
                }
            } else {
                ByteBuffer b = ByteBuffer.wrap(dst, off, len);
                while (b.hasRemaining()) {
                    if (ch.read(b) < 0) {
                        throw new java.io.EOFException("blob shrank while read [blob=" + path + "]");
                    }
                }
            }
        }
    }

    /** Size of blob {@code path}. */
    public long size(BlobPath path) throws IOException {
        return Files.size(file(path));
    }

    /** Opens blob {@code path} for reading. */
    public FileChannel open(BlobPath path) throws IOException {
        return FileChannel.open(file(path), StandardOpenOption.READ);
    }

    @Override
    public void removeVersion(String store, long version) throws IOException {
        deleteTree(root.resolve(new BlobPath(store, version, "x").versionDir()));
    }

    /** Removes blob {@code path}; nothing when this holder does not have it. */
    public void remove(BlobPath path) throws IOException {
        Path f = file(path);
        Files.deleteIfExists(f);
        try {
            // The version's directory goes with its last blob, as removeVersion would take it.
            Files.delete(f.getParent());
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // other blobs of the version stay, or it is gone already
        }
    }

    /** Deletes {@code dir} and everything below it; nothing when it does not exist. */
    public static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (DirectoryNotEmptyException e) {
                    // a writer added a file meanwhile; the next removal takes it
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            if (!(e.getCause() instanceof NoSuchFileException)) {
                throw e.getCause();
            }
            // a part went meanwhile: another remover (a janitor, the holder itself) is at work on the same tree
        } catch (NoSuchFileException e) {
            // removed meanwhile by another remover
        }
    }

    public Path file(BlobPath path) {
        return root.resolve(path.relative());
    }

    @Override
    public String toString() {
        return "BlobDir[" + root + "]";
    }
}
