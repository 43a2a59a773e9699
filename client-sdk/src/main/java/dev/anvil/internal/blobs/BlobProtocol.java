package dev.anvil.internal.blobs;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The wire format between {@link RemoteBlobAccess} and the holder's blob server: after a handshake ({@link #MAGIC},
 * {@link #VERSION}), requests of one op byte and their fields, each answered by one status byte and its fields.
 *
 * <pre>
 *   PUT    store version name length bytes  -> OK | ERROR message
 *   GET    store version name length        -> OK bytes | MISSING message | ERROR message
 *   REMOVE store version                    -> OK | ERROR message
 *   DELETE store version name               -> OK | ERROR message
 *   COPY   store version name length targetAddress targetDir targetToken
 *                                           -> OK | MISSING message | ERROR message
 *   FORWARD store version name length targetAddress targetDir targetToken bytes
 *                                           -> OK | PARTIAL message | ERROR message
 * </pre>
 *
 * <p>COPY asks the holder to give its copy of a blob to another holder (re-replication after a holder was lost): a
 * hard link when the target's directory is visible on its host, else a PUT to the target's server.
 *
 * <p>FORWARD is a PUT that the holder passes on to a second holder while it receives it (cut-through chain
 * replication: the writer sends each byte once, and the second copy is on the wire while the first is still
 * arriving, instead of a store-then-COPY that doubles each chunk's latency). OK: both holders stored it. PARTIAL: this
 * holder stored it, the target did not (the message says why), and the writer finds another holder for the second
 * copy. ERROR: this holder did not store it.
 */
public final class BlobProtocol {
    public static final int MAGIC = 0x414E5642; // "ANVB"
    public static final int VERSION = 1;

    public static final byte PUT = 'P';
    public static final byte GET = 'G';
    public static final byte REMOVE = 'R';
    public static final byte DELETE = 'D';
    public static final byte COPY = 'C';
    public static final byte FORWARD = 'F';

    public static final byte OK = 'K';
    public static final byte MISSING = 'M';
    public static final byte ERROR = 'E';
    public static final byte PARTIAL = 'S';

    /** Buffer size of a connection's streams, both ends. */
    public static final int IO_BUFFER = 256 << 10;

    /** Largest blob the protocol carries: a chunk, never a whole model. */
    public static final int MAX_BLOB_BYTES = 64 << 20;

    private BlobProtocol() {}

    public static void writePath(DataOutputStream out, BlobPath p) throws IOException {
        out.writeUTF(p.store());
        out.writeLong(p.version());
        out.writeUTF(p.name());
    }

    public static BlobPath readPath(DataInputStream in) throws IOException {
        String store = in.readUTF();
        long version = in.readLong();
        String name = in.readUTF();
        try {
            return new BlobPath(store, version, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad blob path on the wire: " + e.getMessage(), e);
        }
    }

    public static int readLength(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_BLOB_BYTES) {
            throw new IOException("bad blob length on the wire [length=" + len + ", max=" + MAX_BLOB_BYTES + "]");
        }
        return len;
    }
}
