package dev.anvil.internal.blobs;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The wire format between {@link RemoteBlobAccess} and {@link BlobServer}: after a handshake ({@link #MAGIC},
 * {@link #VERSION}), requests of one op byte and their fields, each answered by one status byte and its fields.
 *
 * <pre>
 *   PUT    store version name length bytes  -> OK | ERROR message
 *   GET    store version name length        -> OK bytes | MISSING message | ERROR message
 *   REMOVE store version                    -> OK | ERROR message
 *   DELETE store version name               -> OK | ERROR message
 *   COPY   store version name length targetAddress targetDir targetToken
 *                                           -> OK | MISSING message | ERROR message
 * </pre>
 *
 * <p>COPY asks the holder to give its copy of a blob to another holder (re-replication after a holder was lost): a
 * hard link when the target's directory is visible on its host, else a PUT to the target's server.
 */
final class BlobProtocol {
    static final int MAGIC = 0x414E5642; // "ANVB"
    static final int VERSION = 1;

    static final byte PUT = 'P';
    static final byte GET = 'G';
    static final byte REMOVE = 'R';
    static final byte DELETE = 'D';
    static final byte COPY = 'C';

    static final byte OK = 'K';
    static final byte MISSING = 'M';
    static final byte ERROR = 'E';

    /** Largest blob the protocol carries: a chunk, never a whole model. */
    static final int MAX_BLOB_BYTES = 64 << 20;

    private BlobProtocol() {
    }

    static void writePath(DataOutputStream out, BlobPath p) throws IOException {
        out.writeUTF(p.store());
        out.writeLong(p.version());
        out.writeUTF(p.name());
    }

    static BlobPath readPath(DataInputStream in) throws IOException {
        String store = in.readUTF();
        long version = in.readLong();
        String name = in.readUTF();
        try {
            return new BlobPath(store, version, name);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad blob path on the wire: " + e.getMessage(), e);
        }
    }

    static int readLength(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_BLOB_BYTES) {
            throw new IOException("bad blob length on the wire [length=" + len + ", max=" + MAX_BLOB_BYTES + "]");
        }
        return len;
    }
}
