/**
 * Blob access: writing and reading the immutable blobs (weight chunks) kept by the workers' blob holders. A holder is
 * reached through its folder when that is visible from this process with the holder's token
 * ({@link dev.anvil.internal.blobs.BlobDir}: shared memory on the same host) and over TCP otherwise
 * ({@link dev.anvil.internal.blobs.RemoteBlobAccess}, wire format {@link dev.anvil.internal.blobs.BlobProtocol});
 * {@link dev.anvil.internal.blobs.BlobHolders} lists the live holders and ranks them for a blob (rendezvous hashing),
 * and {@link dev.anvil.internal.blobs.BlobTransfer} moves the blobs of one version, two copies each. Access only: the
 * holders themselves (folder, TCP server, copies for re-replication) run on the workers, in
 * {@code dev.anvil.worker.blobs}; what a blob means (a chunk of a weight version) is
 * {@code dev.anvil.internal.weights}.
 */
package dev.anvil.internal.blobs;
