package dev.anvil.sdk;

/** A job operation the cluster refused or could not do; carries the job id when there is one. */
public class JobException extends AnvilException {
    private static final long serialVersionUID = 1L;

    /** Why an operation on a job failed. */
    public enum Reason {
        /** No job has this id. */
        NOT_FOUND,
        /** The submission is invalid: not a jar, too large, no main class, bad spec. */
        INVALID,
        /** The client is not allowed to submit or stop jobs (missing or wrong token, remote without a token). */
        UNAUTHORIZED,
        /** The job is not in a state that allows the operation (e.g. stopping an ended job). */
        WRONG_STATE,
        /** The cluster cannot run the job (e.g. no worker has the GPUs the driver asks for). */
        UNSCHEDULABLE
    }

    private final Reason reason;
    private final String jobId;

    /**
     * @param reason why the operation failed
     * @param jobId the job concerned, or {@code null}
     * @param message what happened, ending in {@code [key=value, ...]}
     */
    public JobException(Reason reason, String jobId, String message) {
        super(message);
        this.reason = reason;
        this.jobId = jobId;
    }

    /** Why the operation failed. */
    public Reason reason() {
        return reason;
    }

    /** The job concerned, or {@code null} (e.g. a refused submission). */
    public String jobId() {
        return jobId;
    }
}
