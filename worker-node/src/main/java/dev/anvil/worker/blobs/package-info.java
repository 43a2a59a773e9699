/**
 * The blob holder every worker runs: {@link dev.anvil.worker.blobs.BlobHost} (a folder of its own under the host's
 * blob root, by default in {@code /dev/shm}, owned through a lock file, with a janitor for the folders of killed
 * holders), {@link dev.anvil.worker.blobs.BlobServer} (the TCP server for other hosts),
 * {@link dev.anvil.worker.blobs.BlobCopier} (gives a blob to another holder when the head repairs),
 * {@link dev.anvil.worker.blobs.BlobHostingNode} (starts a data node together with its holder and advertises it), and
 * {@link dev.anvil.worker.blobs.BlobUsage} / {@link dev.anvil.worker.blobs.BlobUsageTask} (what a holder keeps, for
 * {@code anvil status}). Readers and writers reach holders through {@code dev.anvil.internal.blobs}.
 */
package dev.anvil.worker.blobs;
