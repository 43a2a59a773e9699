package dev.anvil.internal.blobs;

import java.io.IOException;

/**
 * The operations a writer or reader needs on one holder of blobs, wherever it is: {@link BlobDir} when the
 * holder's directory is visible from this process (same host, shared memory), {@link RemoteBlobAccess} over TCP
 * otherwise. Blobs are immutable: written once, read many times, removed with their whole version.
 */
public interface BlobAccess {
    /** Stores {@code len} bytes of {@code src} from {@code off} as {@code path}; returns once they are stored. */
    void write(BlobPath path, byte[] src, int off, int len) throws IOException;

    /**
     * Reads blob {@code path}, which must be exactly {@code len} bytes long, into {@code dst} at {@code off}.
     *
     * @throws java.nio.file.NoSuchFileException when this holder does not have it
     */
    void read(BlobPath path, byte[] dst, int off, int len) throws IOException;

    /** Removes every blob of {@code version} of {@code store}; nothing when there are none. */
    void removeVersion(String store, long version) throws IOException;
}
