package dev.anvil.internal.weights;

import java.util.Objects;

/** Cache key of one chunk of one tensor of one weight version; chunks spread over every data node. */
final class ChunkKey {
    /** Weight version. */
    private final long version;
    /** Index of the tensor in the version's manifest. */
    private final int tensor;
    /** Index of the chunk within the tensor. */
    private final int chunk;

    ChunkKey(long version, int tensor, int chunk) {
        this.version = version;
        this.tensor = tensor;
        this.chunk = chunk;
    }

    long version() {
        return version;
    }

    int tensor() {
        return tensor;
    }

    int chunk() {
        return chunk;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChunkKey k && k.version == version && k.tensor == tensor && k.chunk == chunk;
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, tensor, chunk);
    }

    @Override
    public String toString() {
        return "ChunkKey[version=" + version + ", tensor=" + tensor + ", chunk=" + chunk + "]";
    }
}
