/**
 * Re-replication of weight chunks, driven by the head as control plane only:
 * {@link dev.anvil.head.weights.RepairCoordinator} runs a {@link dev.anvil.head.weights.WeightRepair} pass when a blob
 * holder leaves or joins, periodically and after failures; a pass asks surviving holders to copy chunks that are short
 * of two live holders to the next holder of the writers' ranking ({@link dev.anvil.head.weights.BlobReplicas}) and
 * records the new holders in the manifest atomically ({@link dev.anvil.head.weights.RepairHolders}). The bytes move
 * between holders ({@code dev.anvil.worker.blobs.BlobCopier}), never through the head.
 */
package dev.anvil.head.weights;
