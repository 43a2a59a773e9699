package dev.anvil.grpo.cluster;

/**
 * Wall-clock marks of one training step's phases, so the step's {@link ClusterStepMetrics.Timings} come from the
 * marks by name instead of from differences of loose {@code nanoTime} values.
 *
 * <p>A step is: wait for a batch, the {@code trainStep} call, then handing the new weights to the sync. Evaluation
 * happens after the last mark and is not part of the step's time.
 */
final class StepClock {

    private final long start = System.nanoTime();
    private long batchDrawn;
    private long trained;
    private long synced;

    /** Marks the batch as drawn from the replay buffer. */
    void batchDrawn() {
        batchDrawn = System.nanoTime();
    }

    /** Marks the {@code trainStep} call as returned. */
    void trained() {
        trained = System.nanoTime();
    }

    /** Marks the new weights as handed to the sync: the end of the step. */
    void synced() {
        synced = System.nanoTime();
    }

    /** @return the step's wall time, start to the sync mark */
    long stepNanos() {
        return synced - start;
    }

    /**
     * The step's timings.
     *
     * @param trainComputeMillis the step inside the trainer actor, as it reported
     * @param lastSyncMillis the most recently completed push plus fanout
     * @return the timings in milliseconds
     */
    ClusterStepMetrics.Timings timings(long trainComputeMillis, long lastSyncMillis) {
        return new ClusterStepMetrics.Timings(
                ms(batchDrawn - start),
                ms(trained - batchDrawn),
                trainComputeMillis,
                ms(synced - trained),
                lastSyncMillis,
                ms(stepNanos()));
    }

    static long ms(long nanos) {
        return nanos / 1_000_000;
    }
}
