package dev.anvil.worker.blobs;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What one blob holder keeps, as {@code anvil status} shows it: a walk over its {@code <store>/<version>/<name>}
 * files, which costs one {@code stat} per blob. A plain class, not a record: it travels back from a compute task, and
 * Ignite's marshaller cannot build records.
 */
public final class BlobUsage implements Serializable {
    private static final long serialVersionUID = 1L;
    /** A write in progress: {@code <name>.tmp-<uuid>}, not yet a blob. */
    private static final Pattern TEMP = Pattern.compile(".*\\.tmp-[0-9a-f-]{36}");

    private final String dir;
    private final long bytes;
    private final long linkedBytes;
    private final int blobs;
    private final int versions;
    private final long freeBytes;

    /**
     * Creates the figures.
     *
     * @param dir the holder's directory
     * @param bytes bytes of the blobs it holds
     * @param linkedBytes of those, bytes whose file is also linked from another holder's directory on the same host
     *     (the hard-linked second copy): host memory holds them once for both holders
     * @param blobs number of blobs (weight chunks)
     * @param versions number of (store, version) pairs it holds a blob of
     * @param freeBytes bytes still usable on the directory's file system (a tmpfs such as {@code /dev/shm} is capped)
     */
    public BlobUsage(String dir, long bytes, long linkedBytes, int blobs, int versions, long freeBytes) {
        this.dir = dir;
        this.bytes = bytes;
        this.linkedBytes = linkedBytes;
        this.blobs = blobs;
        this.versions = versions;
        this.freeBytes = freeBytes;
    }

    /** The holder's directory. */
    public String dir() {
        return dir;
    }
    /** Bytes of the blobs it holds. */
    public long bytes() {
        return bytes;
    }
    /** Bytes of its blobs that another holder on the host links too (held in memory once for both). */
    public long linkedBytes() {
        return linkedBytes;
    }
    /** Number of blobs. */
    public int blobs() {
        return blobs;
    }
    /** Number of (store, version) pairs it holds a blob of. */
    public int versions() {
        return versions;
    }
    /** Bytes still usable on its file system. */
    public long freeBytes() {
        return freeBytes;
    }

    /**
     * Walks holder directory {@code dir}; a blob or version removed during the walk is simply not counted.
     *
     * @throws UncheckedIOException when the directory cannot be listed
     */
    public static BlobUsage of(Path dir) {
        Walk walk = new Walk(dir);
        try {
            // <dir>/<store>/<version>/<name>: depth 3; TOKEN and owner.lock sit at depth 1.
            Files.walkFileTree(dir, EnumSet.noneOf(FileVisitOption.class), 3, walk);
            return new BlobUsage(
                    dir.toString(),
                    walk.bytes,
                    walk.linked,
                    walk.blobs,
                    walk.versions.size(),
                    Files.getFileStore(dir).getUsableSpace());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read the blob directory: " + e.getMessage() + " [dir=" + dir + "]", e);
        }
    }

    /** Sums the blobs; a file or folder that retention removes during the walk is skipped. */
    private static final class Walk extends SimpleFileVisitor<Path> {
        private final Path dir;
        private final Set<Path> versions = new HashSet<>();
        private long bytes;
        private long linked;
        private int blobs;

        Walk(Path dir) {
            this.dir = dir;
        }

        @Override
        public FileVisitResult visitFile(Path f, BasicFileAttributes attrs) throws IOException {
            if (!attrs.isRegularFile()
                    || dir.relativize(f).getNameCount() != 3
                    || TEMP.matcher(f.getFileName().toString()).matches()) {
                return FileVisitResult.CONTINUE;
            }
            long[] sizeAndLinks = sizeAndLinks(f);
            if (sizeAndLinks != null) {
                bytes += sizeAndLinks[0];
                if (sizeAndLinks[1] > 1) {
                    linked += sizeAndLinks[0];
                }
                blobs++;
                versions.add(f.getParent());
            }
            return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFileFailed(Path f, IOException e) throws IOException {
            if (e instanceof NoSuchFileException && !f.equals(dir)) {
                return FileVisitResult.CONTINUE;
            }
            throw e;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            if (e != null && !(e instanceof NoSuchFileException)) {
                throw e;
            }
            return FileVisitResult.CONTINUE;
        }
    }

    /** Size and hard-link count of {@code f}, or {@code null} when it is gone; links are 1 where unknown. */
    private static long[] sizeAndLinks(Path f) throws IOException {
        try {
            Map<String, Object> a = Files.readAttributes(f, "unix:size,nlink");
            return new long[] {((Number) a.get("size")).longValue(), ((Number) a.get("nlink")).longValue()};
        } catch (UnsupportedOperationException e) {
            return new long[] {Files.size(f), 1};
        } catch (NoSuchFileException e) {
            return null; // removed by retention meanwhile
        }
    }

    @Override
    public String toString() {
        return "BlobUsage[dir=" + dir + ", bytes=" + bytes + ", linkedBytes=" + linkedBytes + ", blobs=" + blobs
                + ", versions=" + versions + ", freeBytes=" + freeBytes + "]";
    }
}
