/**
 * The weight store client: {@link dev.anvil.internal.weights.IgniteWeightStore} ({@code push}, {@code pull},
 * {@code drop}, {@code onNewVersion}), opened by name through {@link dev.anvil.internal.weights.WeightStores}. Ignite
 * keeps only each version's {@link dev.anvil.internal.weights.Manifest} (one cache per store: tensor names, sizes,
 * shapes, chunk size, committed flag, the holders of each chunk); the chunks themselves go to two workers' blob
 * holders through {@link dev.anvil.internal.weights.ChunkTransfer} and {@code dev.anvil.internal.blobs}. Also here:
 * retention of old versions, the commit filter of version listeners, the atomic un-commit of a drop, and float32
 * tensor bytes. The holders run in {@code dev.anvil.worker.blobs}; re-replication after a holder leaves is the head's
 * ({@code dev.anvil.head.weights}).
 */
package dev.anvil.internal.weights;
