package dev.anvil.internal.registry;

/** Load figures of one replica host, as a health probe reports them. */
public final class ReplicaLoad {
    /** No load, no history. */
    public static final ReplicaLoad ZERO = new ReplicaLoad(0, 0, 0, 0, 0);

    private final int inFlight;
    private final int queued;
    private final long requests;
    private final long failures;
    private final double meanLatencyMs;

    /** Creates the figures. */
    public ReplicaLoad(int inFlight, int queued, long requests, long failures, double meanLatencyMs) {
        this.inFlight = inFlight;
        this.queued = queued;
        this.requests = requests;
        this.failures = failures;
        this.meanLatencyMs = meanLatencyMs;
    }

    public int inFlight() {
        return inFlight;
    }

    public int queued() {
        return queued;
    }

    public long requests() {
        return requests;
    }

    public long failures() {
        return failures;
    }

    public double meanLatencyMs() {
        return meanLatencyMs;
    }

    /** Whether the figures differ enough from {@code o} to be worth a table write. */
    public boolean differsFrom(ReplicaLoad o) {
        return o == null
                || inFlight != o.inFlight
                || queued != o.queued
                || requests != o.requests
                || failures != o.failures;
    }
}
