package dev.anvil.head.weights;

import dev.anvil.internal.blobs.BlobAccess;
import dev.anvil.internal.blobs.BlobHolders;
import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.blobs.RemoteBlobAccess;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Re-replication as the control plane drives it: which live holders a blob belongs on (the writers' ranking), and
 * requests to holders to give a blob to another holder or to drop one. Every request goes over TCP to a holder's
 * server, whatever host the caller is on, so the caller never carries a blob's bytes.
 */
public final class BlobReplicas implements AutoCloseable {
    private final Ignite ignite;
    private final BlobHolders holders;

    public BlobReplicas(Ignite ignite) {
        this.ignite = ignite;
        this.holders = new BlobHolders(ignite, false);
    }

    /** Live holders ranked for {@code path} as writers rank them: the first ones are where it belongs. */
    public List<UUID> ranked(BlobPath path) {
        List<UUID> ids = new ArrayList<>();
        for (ClusterNode n : holders.ranked(path.relative())) {
            ids.add(n.id());
        }
        return ids;
    }

    /** Number of live holders. */
    public int holderCount() {
        return holders.live().size();
    }

    /** Whether holder {@code id} is in the topology now. */
    public boolean alive(UUID id) {
        return holders.alive(id);
    }

    /**
     * Makes holder {@code to} hold blob {@code path} ({@code len} bytes) by asking holder {@code from} to give it its
     * copy (a hard link on a shared host, else over TCP); returns once {@code to} has it.
     *
     * @throws java.nio.file.NoSuchFileException when {@code from} does not have the blob
     * @throws IOException when either holder left or the copy failed
     */
    public void copy(BlobPath path, int len, UUID from, UUID to) throws IOException {
        ClusterNode target = ignite.cluster().node(to);
        if (target == null) {
            throw new IOException("target blob holder left [holder=" + to + ", blob=" + path + "]");
        }
        remote(from).copyTo(path, len, target);
    }

    /** Removes blob {@code path} from holder {@code id}; nothing when it left or does not have it. */
    public void remove(BlobPath path, UUID id) throws IOException {
        if (holders.alive(id)) {
            remote(id).remove(path);
        }
    }

    /** Closes connections to holders that left. */
    public void forgetGone() {
        holders.forgetGone();
    }

    private RemoteBlobAccess remote(UUID id) throws IOException {
        BlobAccess a = holders.access(id);
        if (a == null) {
            throw new IOException("blob holder left [holder=" + id + "]");
        }
        return (RemoteBlobAccess) a; // BlobHolders without shared memory reaches every holder over TCP
    }

    @Override
    public void close() {
        holders.close();
    }
}
