package dev.anvil.worker.blobs;

import dev.anvil.internal.blobs.BlobAccess;
import dev.anvil.internal.blobs.BlobDir;
import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.blobs.RemoteBlobAccess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.NoSuchFileException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.SocketFactory;

/**
 * A holder's side of re-replication: gives its copy of a blob to another holder. When the target's directory is
 * visible here and carries the target's token (same host), the copy is a hard link and no byte moves; otherwise the
 * blob is sent to the target's server like a writer's PUT. The head asks for copies; it never carries the bytes.
 */
final class BlobCopier implements AutoCloseable {
    private final BlobDir source;
    private final SocketFactory sockets;
    /** Connections to targets on other hosts, by advertised address. */
    private final Map<String, RemoteBlobAccess> remotes = new ConcurrentHashMap<>();

    BlobCopier(BlobDir source, SocketFactory sockets) {
        this.source = source;
        this.sockets = sockets;
    }

    /**
     * Gives blob {@code path} of {@code len} bytes to the holder at {@code targetAddress} whose directory is
     * {@code targetDir} with token {@code targetToken}.
     *
     * @throws NoSuchFileException when this holder does not have the blob
     */
    void copy(BlobPath path, int len, String targetAddress, String targetDir, String targetToken) throws IOException {
        long size = source.size(path); // NoSuchFileException when missing
        if (size != len) {
            throw new IOException("blob has " + size + " bytes, expected " + len + " [blob=" + path + "]");
        }
        BlobDir local = BlobDir.visible(targetDir, targetToken);
        if (local != null && local.linkFrom(source, path)) {
            return;
        }
        // Another host, or another file system on this one: a plain copy.
        BlobAccess target = local != null ? local : remote(targetAddress);
        byte[] bytes = new byte[len];
        source.read(path, bytes, 0, len);
        target.write(path, bytes, 0, len);
    }

    /**
     * Prepares the second copy of a blob this holder is about to receive ({@link BlobForward}): a hard link once it is
     * stored when the target's directory is visible here, else a PUT streamed as the bytes arrive. Never throws: a
     * target that cannot be reached makes a forward that reports why.
     */
    BlobForward forward(BlobPath path, int len, String targetAddress, String targetDir, String targetToken) {
        BlobDir local = BlobDir.visible(targetDir, targetToken);
        if (local != null) {
            return BlobForward.after(() -> copy(path, len, targetAddress, targetDir, targetToken));
        }
        try {
            return BlobForward.streaming(remote(targetAddress).startWrite(path, len));
        } catch (IOException e) {
            return BlobForward.failed(e);
        }
    }

    private RemoteBlobAccess remote(String address) throws IOException {
        InetSocketAddress a = RemoteBlobAccess.parse(address);
        return remotes.computeIfAbsent(address, k -> new RemoteBlobAccess(a, sockets));
    }

    @Override
    public void close() {
        remotes.values().forEach(RemoteBlobAccess::close);
        remotes.clear();
    }
}
