package dev.anvil.sdk;

import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Versioned model weights shared by the whole cluster (TorchStore's role). The bytes live outside Ignite, in the
 * workers' blob holders (host memory, {@code /dev/shm} by default), each chunk on two workers; Ignite keeps only each
 * version's manifest, which names the holders of every chunk. Every call blocks and may be made from any process.
 *
 * <pre>{@code
 * WeightStore ws = anvil.weightStore("policy");
 * ws.push(3, Map.of("layer0.weight", bytes));         // committed atomically
 * try (AutoCloseable sub = ws.onNewVersion(v -> reload(ws.pull(v)))) { ... }
 * }</pre>
 *
 * <p>A version is written in chunks, then committed by replacing its manifest: a reader never sees a half-written
 * version. Old versions are dropped by the store's retention ({@link WeightStoreConfig#retainVersions()}).
 */
public interface WeightStore {

    /** The store's cluster-wide name. */
    String name();

    /**
     * Stores named byte arrays under {@code version} and commits them atomically.
     *
     * @throws WeightVersionException when the version exists (or is being pushed) already, or is negative
     */
    void push(long version, Map<String, byte[]> tensors);

    /** Stores named float tensors with shapes under {@code version}; see {@link #push(long, Map)}. */
    void pushTensors(long version, Map<String, Tensor> tensors);

    /**
     * The byte form of a committed version, byte-exact (float tensors as little-endian float32).
     *
     * @throws WeightVersionException when the version is not committed
     */
    Map<String, byte[]> pull(long version);

    /**
     * A committed version pushed with {@link #pushTensors}, as tensors with their shapes.
     *
     * @throws WeightVersionException when the version is not committed or was pushed as raw bytes
     */
    Map<String, Tensor> pullTensors(long version);

    /** The newest committed version, or {@code -1} when there is none. */
    long latestVersion();

    /**
     * Removes a committed version.
     *
     * @throws WeightVersionException when the version is not committed
     */
    void drop(long version);

    /**
     * Calls {@code listener} once for every version committed from now on, in any process.
     *
     * @return closing it stops the notifications
     */
    AutoCloseable onNewVersion(LongConsumer listener);
}
