package dev.anvil.worker.jobs;

import dev.anvil.internal.control.ActiveHead;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeTaskSession;
import org.apache.ignite.lang.IgniteRunnable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.TaskSessionResource;

/** Sent by the head to the node chosen for a job's driver: starts it there. */
public final class LaunchDriverTask implements IgniteRunnable {
    private static final long serialVersionUID = 1L;

    private final String jobId;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** The request's session: which node sent it (Ignite's own record, not something the sender claims). */
    @TaskSessionResource
    private transient ComputeTaskSession session;

    /** @param jobId the job whose driver to start */
    public LaunchDriverTask(String jobId) {
        this.jobId = jobId;
    }

    @Override
    public void run() {
        ActiveHead.requireActiveHead(ignite, session == null ? null : session.getTaskNodeId(), "a job driver launch");
        DriverLauncher.of(ignite).launch(jobId);
    }
}
