package dev.anvil.internal.registry;

/**
 * Load figures of one replica host, as a health probe reports them: counted where calls are served, so the head's
 * {@code /metrics} reports what the replica did, not what callers saw.
 */
public final class ReplicaLoad {
    /** Upper bounds (seconds) of the latency histogram's buckets; a last bucket takes what is above. */
    public static final double[] LATENCY_BOUNDS_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };
    /** No load, no history. */
    public static final ReplicaLoad ZERO = new ReplicaLoad(0, 0, 0, 0, 0);

    private final int inFlight;
    private final int queued;
    private final long requests;
    private final long failures;
    private final double meanLatencyMs;
    /** Calls per latency bucket ({@link #LATENCY_BOUNDS_SECONDS}, then the overflow bucket); not cumulative. */
    private final long[] latencyBuckets;
    /** Sum of all call latencies, seconds. */
    private final double latencySumSeconds;

    /** Creates the figures, without a latency histogram. */
    public ReplicaLoad(int inFlight, int queued, long requests, long failures, double meanLatencyMs) {
        this(inFlight, queued, requests, failures, meanLatencyMs, new long[0], 0);
    }

    /** Creates the figures with a latency histogram; {@code latencyBuckets} is copied. */
    public ReplicaLoad(
            int inFlight,
            int queued,
            long requests,
            long failures,
            double meanLatencyMs,
            long[] latencyBuckets,
            double latencySumSeconds) {
        this.inFlight = inFlight;
        this.queued = queued;
        this.requests = requests;
        this.failures = failures;
        this.meanLatencyMs = meanLatencyMs;
        this.latencyBuckets = latencyBuckets.clone();
        this.latencySumSeconds = latencySumSeconds;
    }

    /** Calls per latency bucket, not cumulative; empty when the host reported no histogram. */
    public long[] latencyBuckets() {
        return latencyBuckets == null ? new long[0] : latencyBuckets.clone();
    }

    /** Sum of all call latencies, seconds. */
    public double latencySumSeconds() {
        return latencySumSeconds;
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
