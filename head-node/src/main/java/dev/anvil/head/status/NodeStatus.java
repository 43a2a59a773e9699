package dev.anvil.head.status;

import dev.anvil.internal.node.GpuInfo;
import java.util.List;

/**
 * One server node of the cluster as {@code anvil status} shows it.
 *
 * @param id Ignite node id
 * @param name Ignite instance name ({@code --name})
 * @param role {@code head} or {@code worker} (or {@code unknown} for a foreign server node)
 * @param address host and discovery port
 * @param pid operating-system pid of its JVM
 * @param startedAt epoch millis when it started
 * @param uptimeMs how long it has been up when the status was taken
 * @param gpus the GPUs it offers
 * @param gpusUsed how many of them replicas hold
 * @param cpus CPUs it offers
 * @param cpusUsed how many of them replicas hold
 * @param memoryBytes memory it offers
 * @param blobAddress {@code host:port} of its weight blob server, or {@code null} when it holds no blobs (the head)
 * @param blobs what its blob holder keeps, or {@code null} when it has none or did not answer in time (then a
 *     warning of the status says why)
 */
public record NodeStatus(
        String id,
        String name,
        String role,
        String address,
        long pid,
        long startedAt,
        long uptimeMs,
        List<GpuInfo> gpus,
        int gpusUsed,
        int cpus,
        int cpusUsed,
        long memoryBytes,
        String blobAddress,
        BlobStatus blobs) {

    public NodeStatus {
        gpus = List.copyOf(gpus);
    }
}
