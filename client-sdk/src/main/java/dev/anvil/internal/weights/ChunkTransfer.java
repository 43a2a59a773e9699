package dev.anvil.internal.weights;

import dev.anvil.internal.blobs.BlobSlice;
import dev.anvil.internal.blobs.BlobTransfer;
import dev.anvil.sdk.StateUnavailableException;
import dev.anvil.sdk.WeightVersionException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * Moves the chunks of one version between this process and the data nodes' blob holders ({@link BlobTransfer}):
 * every chunk is one immutable blob named after its tensor and index, stored on two holders. The bytes never pass
 * through Ignite's caches, whose page memory and marshalling cost 5-10x the wire; Ignite keeps the manifest, which
 * records where each chunk is.
 */
public final class ChunkTransfer {
    /** Copies of each chunk: kill -9 of one data node loses nothing. */
    public static final int COPIES = 2;

    private final String store;
    private final BlobTransfer blobs;

    ChunkTransfer(String store, BlobTransfer blobs) {
        this.store = store;
        this.blobs = blobs;
    }

    /**
     * Writes every chunk of {@code data} (tensor by tensor, as listed in {@code m}) and returns their holders once all
     * are stored with their copies. Slices of the caller's arrays are sent as they are: no chunk is copied on the heap.
     */
    UUID[][] write(long version, Manifest m, List<byte[]> data) {
        List<BlobSlice> slices = slices(m, data);
        try {
            return blobs.write(store, version, slices, COPIES).toArray(UUID[][]::new);
        } catch (IOException e) {
            throw new StateUnavailableException(
                    "weight push failed: " + e.getMessage() + " [store=" + store + ", version=" + version + "]", e);
        }
    }

    /**
     * Reads every tensor of {@code m}.
     *
     * @param stillCommitted tells a lost chunk (error) from a version dropped during the read (unknown version)
     */
    byte[][] read(long version, Manifest m, BooleanSupplier stillCommitted) {
        byte[][] out = new byte[m.names().length][];
        BlobTransfer.Reads reads = blobs.startReads(store, version);
        int chunk = 0;
        // Each tensor's chunks start reading as soon as its array exists: zeroing the next array (about 10 ms per
        // 100 MB on one core) overlaps with copying the previous ones.
        for (int t = 0; t < out.length; t++) {
            out[t] = new byte[Math.toIntExact(m.sizes()[t])];
            for (BlobSlice s : slices(t, out[t], m.chunkBytes())) {
                reads.add(s, m.holders()[chunk++]);
            }
        }
        try {
            reads.await();
        } catch (NoSuchFileException e) {
            if (!stillCommitted.getAsBoolean()) {
                throw new WeightVersionException("weight version was dropped during the pull", store, version);
            }
            throw new StateUnavailableException(
                    "weight chunk lost with every copy (its data nodes left) [store=" + store + ", version=" + version
                            + "]: " + e.getMessage(),
                    e);
        } catch (IOException e) {
            throw new StateUnavailableException(
                    "weight pull failed: " + e.getMessage() + " [store=" + store + ", version=" + version + "]", e);
        }
        return out;
    }

    /** Removes the chunks of {@code version} from {@code holders}; returns how many live holders failed to. */
    int remove(long version, Collection<UUID> holders) {
        return blobs.removeVersion(store, version, holders);
    }

    /** Every live holder: where a failed push may have left chunks. */
    Collection<UUID> everyHolder() {
        return blobs.candidates();
    }

    private static List<BlobSlice> slices(Manifest m, List<byte[]> data) {
        List<BlobSlice> slices = new ArrayList<>();
        for (int t = 0; t < m.names().length; t++) {
            slices.addAll(slices(t, data.get(t), m.chunkBytes()));
        }
        return slices;
    }

    /** The chunks of tensor {@code t}, in order, as slices of {@code tensor}. */
    private static List<BlobSlice> slices(int t, byte[] tensor, int chunkBytes) {
        List<BlobSlice> slices = new ArrayList<>();
        for (int from = 0, c = 0; from < tensor.length; from += chunkBytes, c++) {
            slices.add(new BlobSlice(blobName(t, c), tensor, from, Math.min(chunkBytes, tensor.length - from)));
        }
        return slices;
    }

    /** Byte length of chunk {@code chunk} of tensor {@code tensor}: the chunk size, less for a tensor's last. */
    public static int chunkLength(Manifest m, int tensor, int chunk) {
        return (int) Math.min(m.sizes()[tensor] - (long) chunk * m.chunkBytes(), m.chunkBytes());
    }

    /** Blob name of chunk {@code chunk} of tensor {@code tensor}. */
    public static String blobName(int tensor, int chunk) {
        return "t" + tensor + "-c" + chunk;
    }
}
