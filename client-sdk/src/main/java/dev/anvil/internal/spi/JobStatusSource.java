package dev.anvil.internal.spi;

import java.util.List;
import org.apache.ignite.Ignite;

/**
 * Fills the jobs section of {@code anvil status}: implemented by the jobs module and found with
 * {@link java.util.ServiceLoader} ({@code META-INF/services/dev.anvil.internal.spi.JobStatusSource}). With none
 * installed the section is empty.
 */
public interface JobStatusSource {
    /**
     * The jobs submitted to the cluster {@code ignite} belongs to.
     *
     * @param ignite any node of the cluster (server or client)
     * @return one summary per job, oldest first
     */
    List<JobSummary> jobs(Ignite ignite);
}
