package dev.anvil.head.status;

import dev.anvil.worker.blobs.BlobUsage;

/**
 * What a worker's weight blob holder keeps, as {@code anvil status} shows it. The blob folder is host memory (by
 * default {@code /dev/shm}) outside the JVM heap and outside the data regions.
 *
 * @param dir the holder's directory
 * @param bytes bytes of the blobs it holds
 * @param linkedBytes of those, bytes another holder on the same host links too (the hard-linked second copy): the
 *     host's memory holds them once for both
 * @param blobs number of blobs (weight chunks)
 * @param versions number of (weight store, version) pairs it holds a blob of
 * @param freeBytes bytes still usable on the folder's file system (a tmpfs is capped: Docker's {@code /dev/shm}
 *     is 64 MiB unless raised)
 */
public record BlobStatus(String dir, long bytes, long linkedBytes, int blobs, int versions, long freeBytes) {

    /** The status of what {@code u} reports. */
    static BlobStatus of(BlobUsage u) {
        return new BlobStatus(u.dir(), u.bytes(), u.linkedBytes(), u.blobs(), u.versions(), u.freeBytes());
    }
}
