package dev.anvil.internal.spi;

import java.util.List;
import org.apache.ignite.Ignite;

/**
 * What the job manager needs from the services layer: the services a job spawned, and shutting them all down when
 * the job ends or is stopped. Implemented by the services module (tagging each service with
 * {@code dev.anvil.internal.jobs.JobContext.currentJobId()} of the JVM that spawned it) and found with
 * {@link java.util.ServiceLoader} on the head; without an implementation, jobs own no services.
 */
public interface JobServices {
    /** Names of the services job {@code jobId} spawned and that still exist. */
    List<String> servicesOf(Ignite ignite, String jobId);

    /** Shuts down every service of job {@code jobId} and waits until they are gone and their GPUs free. */
    void shutdownAll(Ignite ignite, String jobId);
}
