package dev.anvil.internal.blobs;

import dev.anvil.internal.node.NodeAttributes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javax.net.SocketFactory;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * The blob holders of the cluster as this process sees them: every server node that advertises a blob server, and for
 * each the cheapest way to reach it ({@link BlobDir} when its directory is visible here and carries its token, TCP
 * otherwise). Also where a blob goes: holders ranked by rendezvous hashing of the blob's name, so writers on any
 * process agree and blobs spread evenly.
 */
public final class BlobHolders implements AutoCloseable {
    private final Ignite ignite;
    private final boolean shareMemory;
    private final SocketFactory sockets;
    private final Map<UUID, BlobAccess> access = new ConcurrentHashMap<>();

    /**
     * @param shareMemory read and write holders on this host through their directory; {@code false} always uses TCP
     */
    public BlobHolders(Ignite ignite, boolean shareMemory) {
        this.ignite = ignite;
        this.shareMemory = shareMemory;
        var ssl = ignite.configuration().getSslContextFactory();
        this.sockets = ssl == null ? SocketFactory.getDefault() : ssl.create().getSocketFactory();
    }

    /** Live holders, ranked for blob {@code key}: the first {@code n} hold it. */
    public List<ClusterNode> ranked(String key) {
        return rank(key, live(), ClusterNode::id);
    }

    /** Live holders: the server nodes that advertise a blob server. */
    public List<ClusterNode> live() {
        List<ClusterNode> nodes = new ArrayList<>();
        for (ClusterNode n : ignite.cluster().forServers().nodes()) {
            if (n.attribute(NodeAttributes.BLOB_ADDRESS) != null) {
                nodes.add(n);
            }
        }
        return nodes;
    }

    /**
     * Sorts {@code nodes} (in place, and returns them) by rendezvous hashing of {@code key} with each node's id: every
     * process ranks the same holders the same way for a key, and the loss of a holder moves only the keys it ranked
     * first.
     */
    static <T> List<T> rank(String key, List<T> nodes, Function<T, UUID> id) {
        long k = mix(key.hashCode());
        nodes.sort(Comparator.comparingLong((T n) -> score(k, id.apply(n))).reversed());
        return nodes;
    }

    private static long score(long key, UUID id) {
        return mix(key ^ mix(id.getMostSignificantBits()) ^ id.getLeastSignificantBits());
    }

    /** Whether {@code id} is in the topology now. */
    public boolean alive(UUID id) {
        return ignite.cluster().node(id) != null;
    }

    /** How to reach holder {@code node}. */
    public BlobAccess access(ClusterNode node) {
        return access.computeIfAbsent(node.id(), id -> connect(node));
    }

    /** How to reach holder {@code id}, or {@code null} when it has left the cluster. */
    public BlobAccess access(UUID id) {
        BlobAccess a = access.get(id);
        if (a != null) {
            return a;
        }
        ClusterNode n = ignite.cluster().node(id);
        return n == null ? null : access(n);
    }

    /** Whether {@code a} reaches its holder through shared memory. */
    static boolean isLocal(BlobAccess a) {
        return a instanceof BlobDir;
    }

    private BlobAccess connect(ClusterNode node) {
        BlobDir local = shareMemory
                ? BlobDir.visible(node.attribute(NodeAttributes.BLOB_DIR), node.attribute(NodeAttributes.BLOB_TOKEN))
                : null;
        if (local != null) {
            return local;
        }
        try {
            return new RemoteBlobAccess(RemoteBlobAccess.parse(node.attribute(NodeAttributes.BLOB_ADDRESS)), sockets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Forgets holders that left, closing their connections. */
    public void forgetGone() {
        access.entrySet().removeIf(e -> {
            if (alive(e.getKey())) {
                return false;
            }
            if (e.getValue() instanceof RemoteBlobAccess r) {
                r.close();
            }
            return true;
        });
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return z ^ (z >>> 33);
    }

    @Override
    public void close() {
        for (BlobAccess a : access.values()) {
            if (a instanceof RemoteBlobAccess r) {
                r.close();
            }
        }
        access.clear();
    }
}
