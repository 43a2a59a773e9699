package dev.anvil.worker.jobs;

import java.nio.charset.StandardCharsets;

/**
 * Collects one driver's output and writes it into the cluster in pieces ({@link JobStore#putLog}), so it can be
 * read after the fact and followed while it is written. One sink per job, the only writer of its pieces; capped so
 * that a chatty driver cannot fill the data region (a full region halts the JVM).
 *
 * <p>Nothing is lost and nothing is reordered when a write fails (the cluster is changing under it: a node, the head
 * say, just died): the piece that failed is written again, with the same sequence number and the same text, until
 * it is stored, and what the driver prints meanwhile waits behind it. The log caches live on the server nodes with a
 * backup, and need no head.
 */
final class LogSink {
    private final JobStore store;
    private final String jobId;
    private final long capBytes;
    private final StringBuilder pending = new StringBuilder();
    /** A piece whose write failed, to be written again as piece {@link #seq}; null when none. */
    private String unstored;

    private long seq;
    private long written;
    private boolean truncated;

    LogSink(JobStore store, String jobId, long capBytes) {
        this(store, jobId, capBytes, 0);
    }

    /** A sink that goes on after the {@code firstSeq} pieces an earlier run of the driver wrote. */
    LogSink(JobStore store, String jobId, long capBytes, long firstSeq) {
        this.store = store;
        this.jobId = jobId;
        this.capBytes = capBytes;
        this.seq = firstSeq;
    }

    /** Adds text to the next piece. */
    synchronized void append(String text) {
        if (truncated) {
            return;
        }
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        long held = written + pending.length() + (unstored == null ? 0 : unstored.length());
        if (held + size > capBytes) {
            pending.append("[anvil: log truncated at ").append(capBytes).append(" bytes]\n");
            truncated = true;
            return;
        }
        pending.append(text);
    }

    /**
     * Writes what was added since the last flush as one piece (after a piece that failed before, if any).
     *
     * @throws RuntimeException when the cluster did not take the write; the text stays here for the next flush
     */
    synchronized void flush() {
        if (unstored == null) {
            if (pending.length() == 0) {
                return;
            }
            unstored = pending.toString();
            pending.setLength(0);
        }
        store.putLog(jobId, seq, unstored);
        seq++;
        written += unstored.length();
        unstored = null;
        if (pending.length() > 0) {
            flush();
        }
    }

    /** Whether text is waiting to be written. */
    synchronized boolean hasUnwritten() {
        return unstored != null || pending.length() > 0;
    }
}
