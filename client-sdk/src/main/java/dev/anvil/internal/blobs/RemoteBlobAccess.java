package dev.anvil.internal.blobs;

import dev.anvil.internal.node.NodeAttributes;
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
import org.apache.ignite.cluster.ClusterNode;

/**
 * A holder reached over TCP through its the holder's blob server. Keeps a few idle connections for reuse (a push or pull
 * runs several transfers at once); a connection that failed is closed, never reused.
 */
public final class RemoteBlobAccess implements BlobAccess, AutoCloseable {
    private static final int CONNECT_TIMEOUT_MS = 5_000;
    /** A holder that stops answering for this long counts as gone; a 64 MiB blob takes well under it. */
    private static final int READ_TIMEOUT_MS = 30_000;

    private static final int IDLE_CONNECTIONS = 8;

    private final InetSocketAddress address;
    private final SocketFactory sockets;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    public RemoteBlobAccess(InetSocketAddress address, SocketFactory sockets) {
        this.address = address;
        this.sockets = sockets;
    }

    @Override
    public void write(BlobPath path, byte[] src, int off, int len) throws IOException {
        exchange(
                out -> {
                    out.writeByte(BlobProtocol.PUT);
                    BlobProtocol.writePath(out, path);
                    out.writeInt(len);
                    out.write(src, off, len);
                },
                in -> {},
                null,
                "refused a blob",
                "[blob=" + path + "]");
    }

    @Override
    public void read(BlobPath path, byte[] dst, int off, int len) throws IOException {
        exchange(
                out -> {
                    out.writeByte(BlobProtocol.GET);
                    BlobProtocol.writePath(out, path);
                    out.writeInt(len);
                },
                in -> in.readFully(dst, off, len),
                path,
                "could not send a blob",
                "[blob=" + path + "]");
    }

    @Override
    public void removeVersion(String store, long version) throws IOException {
        exchange(
                out -> {
                    out.writeByte(BlobProtocol.REMOVE);
                    out.writeUTF(store);
                    out.writeLong(version);
                },
                in -> {},
                null,
                "could not remove a version",
                "[store=" + store + ", version=" + version + "]");
    }

    /** Removes blob {@code path} from the holder; nothing when it does not have it. */
    public void remove(BlobPath path) throws IOException {
        exchange(
                out -> {
                    out.writeByte(BlobProtocol.DELETE);
                    BlobProtocol.writePath(out, path);
                },
                in -> {},
                null,
                "could not remove a blob",
                "[blob=" + path + "]");
    }

    /**
     * Asks the holder to give its copy of blob {@code path} ({@code len} bytes) to the holder advertised as
     * {@code targetAddress}, {@code targetDir}, {@code targetToken}; returns once the target has it.
     *
     * @throws NoSuchFileException when this holder does not have the blob
     */
    public void copyTo(BlobPath path, int len, String targetAddress, String targetDir, String targetToken)
            throws IOException {
        exchange(
                out -> {
                    out.writeByte(BlobProtocol.COPY);
                    BlobProtocol.writePath(out, path);
                    out.writeInt(len);
                    out.writeUTF(targetAddress);
                    out.writeUTF(targetDir == null ? "" : targetDir);
                    out.writeUTF(targetToken == null ? "" : targetToken);
                },
                in -> {},
                path,
                "could not copy a blob to " + targetAddress,
                "[blob=" + path + "]");
    }

    /**
     * Writes blob {@code path} to this holder, which passes it on to the holder that node {@code target} advertises
     * while it receives it ({@link BlobProtocol#FORWARD}); returns once both have it, or once this holder has it and the
     * target failed.
     *
     * @return {@code true} when both holders stored the blob; {@code false} when only this one did
     * @throws IOException when this holder did not store it
     */
    public boolean writeForwarding(BlobPath path, byte[] src, int off, int len, ClusterNode target) throws IOException {
        // A typed local: a generic attribute passed straight to String.valueOf would pick valueOf(char[]).
        String address = target.attribute(NodeAttributes.BLOB_ADDRESS);
        return writeForwarding(
                path,
                src,
                off,
                len,
                address,
                target.attribute(NodeAttributes.BLOB_DIR),
                target.attribute(NodeAttributes.BLOB_TOKEN));
    }

    /** As {@link #writeForwarding(BlobPath, byte[], int, int, ClusterNode)}, to the holder advertised so. */
    public boolean writeForwarding(
            BlobPath path, byte[] src, int off, int len, String targetAddress, String targetDir, String targetToken)
            throws IOException {
        String partial = exchangeAllowingPartial(
                out -> {
                    out.writeByte(BlobProtocol.FORWARD);
                    BlobProtocol.writePath(out, path);
                    out.writeInt(len);
                    out.writeUTF(targetAddress);
                    out.writeUTF(targetDir == null ? "" : targetDir);
                    out.writeUTF(targetToken == null ? "" : targetToken);
                    out.write(src, off, len);
                },
                in -> {},
                null,
                "refused a blob",
                "[blob=" + path + ", forwardTo=" + targetAddress + "]");
        return partial == null;
    }

    /**
     * Starts a PUT of blob {@code path} ({@code len} bytes) whose bytes the caller streams as it gets them: a holder
     * forwarding what a writer sends it. The upload holds a pooled connection until {@link Upload#finish} or
     * {@link Upload#abort}.
     */
    public Upload startWrite(BlobPath path, int len) throws IOException {
        Connection c = borrow();
        try {
            c.out.writeByte(BlobProtocol.PUT);
            BlobProtocol.writePath(c.out, path);
            c.out.writeInt(len);
        } catch (IOException e) {
            c.close();
            throw e;
        }
        return new Upload(c, path);
    }

    /** A PUT in progress: its bytes, then its answer. Not thread-safe: one thread streams it. */
    public final class Upload {
        private final Connection c;
        private final BlobPath path;

        private Upload(Connection c, BlobPath path) {
            this.c = c;
            this.path = path;
        }

        /** Sends the next bytes; on failure the upload is aborted. */
        public void write(byte[] b, int off, int n) throws IOException {
            try {
                c.out.write(b, off, n);
            } catch (IOException e) {
                abort();
                throw e;
            }
        }

        /** Waits for the holder's answer once every byte was written; returns when it stored the blob. */
        public void finish() throws IOException {
            boolean inStep = false;
            try {
                c.out.flush();
                Reply r = reply(c, in -> {});
                inStep = true;
                outcome(r, null, "refused a blob", "[blob=" + path + "]", false);
            } finally {
                release(c, inStep);
            }
        }

        /** Drops the upload: its connection closes, and the holder discards the partial blob. */
        public void abort() {
            c.close();
        }
    }

    /** Writes one request. */
    @FunctionalInterface
    private interface Request {
        void send(DataOutputStream out) throws IOException;
    }

    /** Reads what follows an OK answer. */
    @FunctionalInterface
    private interface Answer {
        void read(DataInputStream in) throws IOException;
    }

    /**
     * One request and its answer on a pooled connection. A connection goes back to the pool only when the exchange
     * ended in step (any answer fully read); after an I/O error it is closed.
     *
     * @param missing the blob a MISSING answer is about ({@link NoSuchFileException}), or {@code null} when such an
     *     answer is an error like any other
     */
    private void exchange(Request request, Answer onOk, BlobPath missing, String failure, String subject)
            throws IOException {
        exchange(request, onOk, missing, failure, subject, false);
    }

    /**
     * As {@link #exchange(Request, Answer, BlobPath, String, String)} for a FORWARD, which a PARTIAL answer may end.
     *
     * @return {@code null} for OK; the holder's message for PARTIAL
     */
    private String exchangeAllowingPartial(
            Request request, Answer onOk, BlobPath missing, String failure, String subject) throws IOException {
        return exchange(request, onOk, missing, failure, subject, true);
    }

    private String exchange(
            Request request, Answer onOk, BlobPath missing, String failure, String subject, boolean partialAllowed)
            throws IOException {
        Connection c = borrow();
        boolean inStep = false;
        try {
            request.send(c.out);
            c.out.flush();
            Reply r = reply(c, onOk);
            inStep = true;
            return outcome(r, missing, failure, subject, partialAllowed);
        } finally {
            release(c, inStep);
        }
    }

    /** Reads one answer in full (after OK, what {@code onOk} reads): the connection is then in step. */
    private static Reply reply(Connection c, Answer onOk) throws IOException {
        byte status = c.in.readByte();
        if (status == BlobProtocol.OK) {
            onOk.read(c.in);
            return new Reply(status, null);
        }
        return new Reply(status, c.in.readUTF());
    }

    /** A holder's answer: a status and, but for OK, its message. */
    private record Reply(byte status, String why) {}

    /** {@code null} for OK, the message for an allowed PARTIAL; any other answer throws. */
    private String outcome(Reply r, BlobPath missing, String failure, String subject, boolean partialAllowed)
            throws IOException {
        if (r.status() == BlobProtocol.OK) {
            return null;
        }
        if (r.status() == BlobProtocol.PARTIAL && partialAllowed) {
            return r.why();
        }
        if (r.status() == BlobProtocol.MISSING && missing != null) {
            throw new NoSuchFileException(missing.relative(), null, r.why() + " [holder=" + address + "]");
        }
        throw new IOException("holder " + address + " " + failure + ": " + r.why() + " " + subject);
    }

    /** As {@link #copyTo(BlobPath, int, String, String, String)}, to the holder that node {@code target} advertises. */
    public void copyTo(BlobPath path, int len, ClusterNode target) throws IOException {
        copyTo(
                path,
                len,
                target.attribute(NodeAttributes.BLOB_ADDRESS),
                target.attribute(NodeAttributes.BLOB_DIR),
                target.attribute(NodeAttributes.BLOB_TOKEN));
    }

    /** Parses an advertised blob address, {@code host:port}. */
    public static InetSocketAddress parse(String address) throws IOException {
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
            BlobTls.preferFast(s);
            s.setTcpNoDelay(true);
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.connect(address, CONNECT_TIMEOUT_MS);
            Connection c = new Connection(
                    s,
                    new DataInputStream(new BufferedInputStream(s.getInputStream(), BlobProtocol.IO_BUFFER)),
                    new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), BlobProtocol.IO_BUFFER)));
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
