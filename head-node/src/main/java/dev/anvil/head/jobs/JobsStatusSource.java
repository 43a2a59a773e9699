package dev.anvil.head.jobs;

import dev.anvil.internal.jobs.JobStore;
import dev.anvil.internal.spi.JobStatusSource;
import dev.anvil.internal.spi.JobSummary;
import java.util.List;
import org.apache.ignite.Ignite;

/** The jobs section of {@code anvil status}: every job the cluster keeps, oldest first. */
public final class JobsStatusSource implements JobStatusSource {
    @Override
    public List<JobSummary> jobs(Ignite ignite) {
        return new JobStore(ignite).list().stream()
                .map(r -> new JobSummary(r.id(), r.state().name(), r.mainClass(), r.submittedAt()))
                .toList();
    }
}
