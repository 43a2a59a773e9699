package dev.anvil.worker.jobs;

import dev.anvil.internal.control.ActiveHead;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeTaskSession;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.TaskSessionResource;

/** Sent by the head to the node running a job's driver: stops it (SIGTERM, then SIGKILL). */
public final class StopDriverTask implements IgniteCallable<Boolean> {
    private static final long serialVersionUID = 1L;

    private final String jobId;
    private final long graceMs;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** The request's session: which node sent it (Ignite's own record, not something the sender claims). */
    @TaskSessionResource
    private transient ComputeTaskSession session;

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
        ActiveHead.requireActiveHead(ignite, session == null ? null : session.getTaskNodeId(), "a job driver stop");
        return DriverLauncher.of(ignite).stop(jobId, graceMs);
    }
}
