package dev.anvil.head.status;

/**
 * Resources of all workers, and how much of them replicas hold.
 *
 * @param gpusTotal GPUs offered
 * @param gpusUsed GPUs held by replicas
 * @param cpusTotal CPUs offered
 * @param cpusUsed CPUs held by replicas
 * @param memoryBytesTotal memory offered
 */
public record ResourceTotals(int gpusTotal, int gpusUsed, int cpusTotal, int cpusUsed, long memoryBytesTotal) {}
