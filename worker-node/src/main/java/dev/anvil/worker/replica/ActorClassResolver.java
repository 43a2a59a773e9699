package dev.anvil.worker.replica;

/**
 * Gives the replica host the class loader that has a service's actor class. The default uses the worker's own
 * classpath; the job system installs one that answers with a submitted jar's class loader for that job's id.
 */
@FunctionalInterface
public interface ActorClassResolver {
    /**
     * The class loader for actor classes of submitted job {@code jobId} ({@code null}: not from a job).
     *
     * @throws IllegalArgumentException when the job is unknown on this node
     */
    ClassLoader loaderFor(String jobId);

    /** Loads {@code className} with the loader of {@code jobId}. */
    default Class<?> resolve(String jobId, String className) {
        try {
            return Class.forName(className, false, loaderFor(jobId));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "actor class not found on this worker [class=" + className + ", job=" + jobId + "]", e);
        }
    }
}
