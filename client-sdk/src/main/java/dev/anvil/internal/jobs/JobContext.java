package dev.anvil.internal.jobs;

/**
 * Which job the code of this JVM belongs to. A driver JVM runs exactly one job, so this is set once, by the driver
 * launcher, before the driver's {@code main}; services spawned from here are tagged with it, which is how workers
 * know which jar holds their actor classes and how {@code stop} finds the job's services.
 */
public final class JobContext {
    /** System property holding the job id in a driver JVM. */
    public static final String JOB_ID_PROPERTY = "anvil.job.id";
    /** System property holding the path of the job's config file in a driver JVM, when one was shipped. */
    public static final String CONFIG_PROPERTY = "anvil.job.config";

    private JobContext() {}

    /** The job this JVM runs, or {@code null} outside a driver. */
    public static String currentJobId() {
        return System.getProperty(JOB_ID_PROPERTY);
    }
}
