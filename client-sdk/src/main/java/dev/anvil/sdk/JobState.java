package dev.anvil.sdk;

/** Where a submitted job is in its life. */
public enum JobState {
    /** Accepted and stored; its driver is not running yet. */
    PENDING,
    /** Its driver is running. */
    RUNNING,
    /** Its driver exited with code 0. */
    SUCCEEDED,
    /** Its driver exited with another code, threw, or lost the node it ran on; the logs say why. */
    FAILED,
    /** Stopped by {@link JobClient#stop(String)}. */
    STOPPED;

    /** Whether the job has ended: no driver runs and it will not run again. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == STOPPED;
    }
}
