package dev.anvil.worker.jobs;

import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** Sent by the head to the node running a job's driver: stops it (SIGTERM, then SIGKILL). */
public final class StopDriverTask implements IgniteCallable<Boolean> {
    private static final long serialVersionUID = 1L;

    private final String jobId;
    private final long graceMs;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /**
     * @param jobId the job whose driver to stop
     * @param graceMs how long the driver may take to exit after SIGTERM before it is killed
     */
    public StopDriverTask(String jobId, long graceMs) {
        this.jobId = jobId;
        this.graceMs = graceMs;
    }

    /** Whether the driver was running on that node. */
    @Override
    public Boolean call() {
        return DriverLauncher.of(ignite).stop(jobId, graceMs);
    }
}
