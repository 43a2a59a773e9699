package dev.anvil.worker.jobs;

import java.nio.charset.StandardCharsets;

/**
 * Collects one driver's output and writes it into the cluster in pieces ({@link JobStore#putLog}), so it can be
 * read after the fact and followed while it is written. One sink per job, the only writer of its pieces; capped so
 * that a chatty driver cannot fill the data region (a full region halts the JVM).
 */
final class LogSink {
    private final JobStore store;
    private final String jobId;
    private final long capBytes;
    private final StringBuilder pending = new StringBuilder();
    private long seq;
    private long written;
    private boolean truncated;

    LogSink(JobStore store, String jobId, long capBytes) {
        this.store = store;
        this.jobId = jobId;
        this.capBytes = capBytes;
    }

    /** Adds text to the next piece. */
    synchronized void append(String text) {
        if (truncated) {
            return;
        }
        long size = text.getBytes(StandardCharsets.UTF_8).length;
        if (written + pending.length() + size > capBytes) {
            pending.append("[anvil: log truncated at ").append(capBytes).append(" bytes]\n");
            truncated = true;
            return;
        }
        pending.append(text);
    }

    /** Writes what was added since the last flush as one piece. */
    synchronized void flush() {
        if (pending.length() == 0) {
            return;
        }
        String piece = pending.toString();
        pending.setLength(0);
        store.putLog(jobId, seq++, piece);
        written += piece.length();
    }
}
