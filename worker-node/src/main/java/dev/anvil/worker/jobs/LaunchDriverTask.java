package dev.anvil.worker.jobs;

import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteRunnable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** Sent by the head to the node chosen for a job's driver: starts it there. */
public final class LaunchDriverTask implements IgniteRunnable {
    private static final long serialVersionUID = 1L;

    private final String jobId;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** @param jobId the job whose driver to start */
    public LaunchDriverTask(String jobId) {
        this.jobId = jobId;
    }

    @Override
    public void run() {
        DriverLauncher.of(ignite).launch(jobId);
    }
}
