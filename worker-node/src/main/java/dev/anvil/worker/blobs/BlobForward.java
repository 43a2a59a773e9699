package dev.anvil.worker.blobs;

import dev.anvil.internal.blobs.RemoteBlobAccess;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The second copy of a FORWARD in flight: every byte this holder reads from the writer goes on to the target holder
 * as it arrives ({@link #tee}), so the two copies are written side by side instead of one after the other. A target
 * that fails stops getting bytes, but the writer's stream is still read to its end: this holder's own copy and the
 * connection's step do not depend on the target.
 */
final class BlobForward {
    /** What gives the target its copy once this holder stored its own (a hard link on a shared host). */
    @FunctionalInterface
    interface AfterStored {
        void run() throws IOException;
    }

    private RemoteBlobAccess.Upload upload;
    private final AfterStored afterStored;
    private IOException failure;

    private BlobForward(RemoteBlobAccess.Upload upload, AfterStored afterStored, IOException failure) {
        this.upload = upload;
        this.afterStored = afterStored;
        this.failure = failure;
    }

    /** Streams the bytes to {@code upload}, a PUT to the target's server. */
    static BlobForward streaming(RemoteBlobAccess.Upload upload) {
        return new BlobForward(upload, null, null);
    }

    /** Sends nothing; {@code afterStored} gives the target its copy once this holder has its own. */
    static BlobForward after(AfterStored afterStored) {
        return new BlobForward(null, afterStored, null);
    }

    /** A forward whose target could not be reached: nothing is sent, {@link #finish} reports why. */
    static BlobForward failed(IOException why) {
        return new BlobForward(null, null, why);
    }

    /** {@code in}, passing on to the target every byte read from it. */
    InputStream tee(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    pass(new byte[] {(byte) b}, 0, 1);
                }
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n > 0) {
                    pass(b, off, n);
                }
                return n;
            }
        };
    }

    private void pass(byte[] b, int off, int n) {
        if (upload == null) {
            return;
        }
        try {
            upload.write(b, off, n);
        } catch (IOException e) {
            failure = e;
            upload = null; // the upload aborted itself
        }
    }

    /**
     * Waits for the target's answer once every byte went by.
     *
     * @return {@code null} when the target stored the blob, else why not
     */
    String finish() {
        if (afterStored != null) {
            try {
                afterStored.run();
                return null;
            } catch (IOException e) {
                failure = e;
            }
        } else if (upload != null) {
            try {
                upload.finish();
                return null;
            } catch (IOException e) {
                failure = e;
            } finally {
                upload = null;
            }
        }
        return "the second copy was not stored: " + failure.getMessage();
    }

    /**
     * Drops the forward (this holder could not take the blob): the target discards a partial copy. One it already got
     * in full stays, as any blob of a failed write does, until its version is removed.
     */
    void abort() {
        if (upload != null) {
            upload.abort();
            upload = null;
        }
    }
}
