package dev.anvil.internal.blobs;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.SocketFactory;

/**
 * A holder reached over TCP through its {@link BlobServer}. Keeps a few idle connections for reuse (a push or pull
 * runs several transfers at once); a connection that failed is closed, never reused.
 */
final class RemoteBlobAccess implements BlobAccess, AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A holder that stops answering for this long counts as gone; a 64 MiB blob takes well under it. */
    private static final int READ_TIMEOUT_MS = 30_000;
    private static final int IDLE_CONNECTIONS = 8;

    private final InetSocketAddress address;
    private final SocketFactory sockets;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    RemoteBlobAccess(InetSocketAddress address, SocketFactory sockets) {
        this.address = address;
        this.sockets = sockets;
    }

    @Override
    public void write(BlobPath path, byte[] src, int off, int len) throws IOException {
        Connection c = borrow();
        boolean ok = false;
        try {
            c.out.writeByte(BlobProtocol.PUT);
            BlobProtocol.writePath(c.out, path);
            c.out.writeInt(len);
            c.out.write(src, off, len);
            c.out.flush();
            byte status = c.in.readByte();
            if (status != BlobProtocol.OK) {
                String why = c.in.readUTF();
                ok = true;
                throw new IOException("holder " + address + " refused a blob: " + why + " [blob=" + path + "]");
            }
            ok = true;
        } finally {
            release(c, ok);
        }
    }

    @Override
    public void read(BlobPath path, byte[] dst, int off, int len) throws IOException {
        Connection c = borrow();
        boolean ok = false;
        try {
            c.out.writeByte(BlobProtocol.GET);
            BlobProtocol.writePath(c.out, path);
            c.out.writeInt(len);
            c.out.flush();
            byte status = c.in.readByte();
            if (status == BlobProtocol.MISSING) {
                String why = c.in.readUTF();
                ok = true;
                throw new NoSuchFileException(path.relative(), null, why + " [holder=" + address + "]");
            }
            if (status != BlobProtocol.OK) {
                String why = c.in.readUTF();
                ok = true;
                throw new IOException("holder " + address + " could not send a blob: " + why + " [blob=" + path + "]");
            }
            c.in.readFully(dst, off, len);
            ok = true;
        } finally {
            release(c, ok);
        }
    }

    @Override
    public void removeVersion(String store, long version) throws IOException {
        Connection c = borrow();
        boolean ok = false;
        try {
            c.out.writeByte(BlobProtocol.REMOVE);
            c.out.writeUTF(store);
            c.out.writeLong(version);
            c.out.flush();
            byte status = c.in.readByte();
            ok = true;
            if (status != BlobProtocol.OK) {
                throw new IOException("holder " + address + " could not remove a version: " + c.in.readUTF()
                        + " [store=" + store + ", version=" + version + "]");
            }
        } finally {
            release(c, ok);
        }
    }

    /** Removes blob {@code path} from the holder; nothing when it does not have it. */
    void remove(BlobPath path) throws IOException {
        Connection c = borrow();
        boolean ok = false;
        try {
            c.out.writeByte(BlobProtocol.DELETE);
            BlobProtocol.writePath(c.out, path);
            c.out.flush();
            byte status = c.in.readByte();
            ok = true;
            if (status != BlobProtocol.OK) {
                throw new IOException("holder " + address + " could not remove a blob: " + c.in.readUTF() + " [blob="
                        + path + "]");
            }
        } finally {
            release(c, ok);
        }
    }

    /**
     * Asks the holder to give its copy of blob {@code path} ({@code len} bytes) to the holder advertised as
     * {@code targetAddress}, {@code targetDir}, {@code targetToken}; returns once the target has it.
     *
     * @throws NoSuchFileException when this holder does not have the blob
     */
    void copyTo(BlobPath path, int len, String targetAddress, String targetDir, String targetToken)
            throws IOException {
        Connection c = borrow();
        boolean ok = false;
        try {
            c.out.writeByte(BlobProtocol.COPY);
            BlobProtocol.writePath(c.out, path);
            c.out.writeInt(len);
            c.out.writeUTF(targetAddress);
            c.out.writeUTF(targetDir == null ? "" : targetDir);
            c.out.writeUTF(targetToken == null ? "" : targetToken);
            c.out.flush();
            byte status = c.in.readByte();
            if (status == BlobProtocol.OK) {
                ok = true;
                return;
            }
            String why = c.in.readUTF();
            ok = true;
            if (status == BlobProtocol.MISSING) {
                throw new NoSuchFileException(path.relative(), null, why + " [holder=" + address + "]");
            }
            throw new IOException("holder " + address + " could not copy a blob to " + targetAddress + ": " + why
                    + " [blob=" + path + "]");
        } finally {
            release(c, ok);
        }
    }

    /** Parses an advertised blob address, {@code host:port}. */
    static InetSocketAddress parse(String address) throws IOException {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IOException("bad blob holder address [address=" + address + "]");
        }
        try {
            return new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new IOException("bad blob holder address [address=" + address + "]", e);
        }
    }

    private Connection borrow() throws IOException {
        if (closed) {
            throw new IOException("blob connections to " + address + " are closed");
        }
        Connection c = idle.pollFirst();
        return c != null ? c : connect();
    }

    private void release(Connection c, boolean reusable) {
        if (reusable && !closed && idle.size() < IDLE_CONNECTIONS) {
            idle.addFirst(c);
        } else {
            c.close();
        }
    }

    private Connection connect() throws IOException {
        Socket s = sockets.createSocket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.connect(address, CONNECT_TIMEOUT_MS);
            Connection c = new Connection(s,
                    new DataInputStream(new BufferedInputStream(s.getInputStream(), BlobServer.IO_BUFFER)),
                    new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), BlobServer.IO_BUFFER)));
            c.out.writeInt(BlobProtocol.MAGIC);
            c.out.writeInt(BlobProtocol.VERSION);
            return c;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    @Override
    public void close() {
        closed = true;
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "RemoteBlobAccess[" + address + "]";
    }

    private record Connection(Socket socket, DataInputStream in, DataOutputStream out) {
        void close() {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
