package dev.anvil.worker.blobs;

import dev.anvil.internal.blobs.BlobDir;
import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.blobs.BlobProtocol;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one {@link BlobDir} over TCP to processes on other hosts (or that were told not to share memory): a thread
 * per connection, blocking streams, requests answered in order. Connections are few and long-lived (a pool per
 * client), so threads are cheap here and keep the code plain.
 */
final class BlobServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BlobServer.class);

    /** A peer must complete its handshake (TLS and the blob protocol's) within this; a silent one costs a thread. */
    static final int HANDSHAKE_TIMEOUT_MS = 10_000;

    private final ServerSocket socket;
    private final BlobDir dir;
    private final BlobCopier copier;
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    BlobServer(ServerSocket socket, BlobDir dir, BlobCopier copier) {
        this.socket = socket;
        this.dir = dir;
        this.copier = copier;
    }

    /** Starts accepting connections. */
    void start(String name) {
        Thread t = new Thread(this::acceptLoop, "anvil-blobs-accept-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("blob server stopped accepting [port={}]", socket.getLocalPort(), e);
                }
                return;
            }
            connections.add(s);
            accepted.incrementAndGet();
            Thread t = new Thread(() -> serve(s), "anvil-blobs-conn-" + s.getRemoteSocketAddress());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(HANDSHAKE_TIMEOUT_MS);
            DataInputStream in =
                    new DataInputStream(new BufferedInputStream(s.getInputStream(), BlobProtocol.IO_BUFFER));
            DataOutputStream out =
                    new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), BlobProtocol.IO_BUFFER));
            if (in.readInt() != BlobProtocol.MAGIC || in.readInt() != BlobProtocol.VERSION) {
                LOG.warn(
                        "refused a connection that does not speak the blob protocol [from={}]",
                        s.getRemoteSocketAddress());
                return;
            }
            s.setSoTimeout(0); // pooled connections idle between requests for as long as their client likes
            byte[] buffer = new byte[BlobProtocol.IO_BUFFER];
            while (!closed) {
                int op;
                try {
                    op = in.readByte();
                } catch (EOFException e) {
                    return; // the client closed the connection
                }
                handle(op, in, out, buffer);
                out.flush();
            }
        } catch (SocketException | EOFException e) {
            // the peer went away mid-request: its request fails on its side
        } catch (IOException e) {
            if (!closed) {
                LOG.warn("blob connection failed [from={}]", s.getRemoteSocketAddress(), e);
            }
        } finally {
            connections.remove(s);
        }
    }

    private void handle(int op, DataInputStream in, DataOutputStream out, byte[] buffer) throws IOException {
        switch (op) {
            case BlobProtocol.PUT -> {
                BlobPath p = BlobProtocol.readPath(in);
                int len = BlobProtocol.readLength(in);
                try {
                    dir.write(p, in, len, buffer);
                } catch (BlobDir.NotStoredException e) {
                    // Every byte was read: the connection is in step, the writer hears why and may go on using it.
                    error(out, e);
                    return;
                }
                out.writeByte(BlobProtocol.OK);
            }
            case BlobProtocol.GET -> {
                BlobPath p = BlobProtocol.readPath(in);
                int len = BlobProtocol.readLength(in);
                FileChannel ch;
                try {
                    ch = dir.open(p);
                    if (ch.size() != len) {
                        long size = ch.size();
                        ch.close();
                        throw new IOException("blob has " + size + " bytes, expected " + len + " [blob=" + p + "]");
                    }
                } catch (NoSuchFileException e) {
                    out.writeByte(BlobProtocol.MISSING);
                    out.writeUTF("no such blob on this holder [blob=" + p + "]");
                    return;
                } catch (IOException e) {
                    error(out, e);
                    return;
                }
                try (ch) {
                    out.writeByte(BlobProtocol.OK);
                    ByteBuffer b = ByteBuffer.wrap(buffer);
                    int left = len;
                    while (left > 0) {
                        b.clear().limit(Math.min(buffer.length, left));
                        int n = ch.read(b);
                        if (n < 0) {
                            throw new EOFException("blob shrank while sent [blob=" + p + "]");
                        }
                        out.write(buffer, 0, n);
                        left -= n;
                    }
                }
            }
            case BlobProtocol.REMOVE -> {
                String store = in.readUTF();
                long version = in.readLong();
                try {
                    dir.removeVersion(store, version);
                    out.writeByte(BlobProtocol.OK);
                } catch (IOException | IllegalArgumentException e) {
                    error(out, e);
                }
            }
            case BlobProtocol.DELETE -> {
                BlobPath p = BlobProtocol.readPath(in);
                try {
                    dir.remove(p);
                    out.writeByte(BlobProtocol.OK);
                } catch (IOException e) {
                    error(out, e);
                }
            }
            case BlobProtocol.COPY -> {
                BlobPath p = BlobProtocol.readPath(in);
                int len = BlobProtocol.readLength(in);
                String targetAddress = in.readUTF();
                String targetDir = in.readUTF();
                String targetToken = in.readUTF();
                try {
                    copier.copy(p, len, targetAddress, targetDir, targetToken);
                    out.writeByte(BlobProtocol.OK);
                } catch (NoSuchFileException e) {
                    out.writeByte(BlobProtocol.MISSING);
                    out.writeUTF("no such blob on this holder [blob=" + p + "]");
                } catch (IOException | RuntimeException e) {
                    error(out, e);
                }
            }
            case BlobProtocol.FORWARD -> forward(in, out, buffer);
            default -> throw new IOException("unknown blob op [op=" + op + "]");
        }
    }

    /**
     * Stores a blob and passes it on to a second holder while receiving it: OK once both have it, PARTIAL when only
     * this holder does (the writer then finds another holder for the second copy).
     */
    private void forward(DataInputStream in, DataOutputStream out, byte[] buffer) throws IOException {
        BlobPath p = BlobProtocol.readPath(in);
        int len = BlobProtocol.readLength(in);
        String targetAddress = in.readUTF();
        String targetDir = in.readUTF();
        String targetToken = in.readUTF();
        BlobForward second = copier.forward(p, len, targetAddress, targetDir, targetToken);
        try {
            dir.write(p, second.tee(in), len, buffer);
        } catch (BlobDir.NotStoredException e) {
            second.abort();
            error(out, e);
            return;
        } catch (IOException e) {
            second.abort();
            throw e;
        }
        String notForwarded = second.finish();
        if (notForwarded == null) {
            out.writeByte(BlobProtocol.OK);
        } else {
            out.writeByte(BlobProtocol.PARTIAL);
            out.writeUTF(notForwarded + " [target=" + targetAddress + "]");
        }
    }

    private static void error(DataOutputStream out, Exception e) throws IOException {
        out.writeByte(BlobProtocol.ERROR);
        out.writeUTF(String.valueOf(e.getMessage()));
    }

    /** Connections accepted so far (tests: the clients' pools reuse theirs). */
    int accepted() {
        return accepted.get();
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() {
        closed = true;
        copier.close();
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        dropConnections();
    }

    /** Closes every open connection (the listener stays): their clients' next requests on them fail. */
    void dropConnections() {
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
