package dev.anvil.internal.weights;

import java.util.ArrayList;
import java.util.List;

/**
 * What one weight version holds: tensor names in push order, their byte sizes and (for float tensors) shapes, and
 * the chunk size. Written first as pending, then replaced by the committed copy: the commit record.
 */
final class Manifest {
    /** Tensor names, in push order. */
    private final String[] names;
    /** Byte size of each tensor. */
    private final long[] sizes;
    /** Shape of each tensor pushed as floats; {@code null} for the byte form. */
    private final long[][] shapes;
    /** Chunk size the version was written with. */
    private final int chunkBytes;
    /** Whether every chunk is written: readers see committed versions only. */
    private final boolean committed;

    Manifest(String[] names, long[] sizes, long[][] shapes, int chunkBytes, boolean committed) {
        this.names = names;
        this.sizes = sizes;
        this.shapes = shapes;
        this.chunkBytes = chunkBytes;
        this.committed = committed;
    }

    String[] names() {
        return names;
    }

    long[] sizes() {
        return sizes;
    }

    /** Shapes, or {@code null} when the version was pushed as bytes. */
    long[][] shapes() {
        return shapes;
    }

    int chunkBytes() {
        return chunkBytes;
    }

    boolean committed() {
        return committed;
    }

    Manifest asPending() {
        return new Manifest(names, sizes, shapes, chunkBytes, false);
    }

    Manifest asCommitted() {
        return new Manifest(names, sizes, shapes, chunkBytes, true);
    }

    /** Number of chunks of tensor {@code t}. */
    int chunks(int t) {
        return (int) ((sizes[t] + chunkBytes - 1) / chunkBytes);
    }

    /** Every chunk key of {@code version}, tensor by tensor. */
    List<ChunkKey> chunkKeys(long version) {
        List<ChunkKey> keys = new ArrayList<>();
        for (int t = 0; t < names.length; t++) {
            for (int c = 0; c < chunks(t); c++) {
                keys.add(new ChunkKey(version, t, c));
            }
        }
        return keys;
    }

    long totalBytes() {
        long n = 0;
        for (long s : sizes) {
            n += s;
        }
        return n;
    }
}
