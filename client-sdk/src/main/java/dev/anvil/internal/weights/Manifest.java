package dev.anvil.internal.weights;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * What one weight version holds: tensor names in push order, their byte sizes and (for float tensors) shapes, and
 * the chunk size, and which data nodes hold each chunk. Written first as pending (no holders yet), then replaced by
 * the committed copy: the commit record.
 */
public final class Manifest {
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
    /** Holders of each chunk, tensor by tensor, chunk by chunk; {@code null} while pending. */
    private final UUID[][] holders;

    Manifest(String[] names, long[] sizes, long[][] shapes, int chunkBytes, boolean committed) {
        this(names, sizes, shapes, chunkBytes, committed, null);
    }

    private Manifest(
            String[] names, long[] sizes, long[][] shapes, int chunkBytes, boolean committed, UUID[][] holders) {
        this.names = names;
        this.sizes = sizes;
        this.shapes = shapes;
        this.chunkBytes = chunkBytes;
        this.committed = committed;
        this.holders = holders;
    }

    public String[] names() {
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

    public boolean committed() {
        return committed;
    }

    /** Holders of each chunk, tensor by tensor, chunk by chunk; {@code null} while pending. */
    public UUID[][] holders() {
        return holders;
    }

    /** Every node holding some chunk of the version. */
    public Set<UUID> allHolders() {
        Set<UUID> all = new LinkedHashSet<>();
        if (holders != null) {
            for (UUID[] h : holders) {
                all.addAll(List.of(h));
            }
        }
        return all;
    }

    Manifest asPending() {
        return new Manifest(names, sizes, shapes, chunkBytes, false, holders);
    }

    /** The commit record: every chunk stored on {@code chunkHolders}. */
    Manifest committedOn(UUID[][] chunkHolders) {
        return new Manifest(names, sizes, shapes, chunkBytes, true, chunkHolders);
    }

    /** This manifest with each chunk's holders replaced by {@code chunkHolders}; committed or not as it was. */
    public Manifest withHolders(UUID[][] chunkHolders) {
        return new Manifest(names, sizes, shapes, chunkBytes, committed, chunkHolders);
    }

    /** Number of chunks of tensor {@code t}. */
    public int chunks(int t) {
        return (int) ((sizes[t] + chunkBytes - 1) / chunkBytes);
    }

    long totalBytes() {
        long n = 0;
        for (long s : sizes) {
            n += s;
        }
        return n;
    }
}
