package dev.anvil.head.status;

import dev.anvil.internal.jobs.JobRecords;
import java.util.List;
import org.apache.ignite.Ignite;

/** The jobs section of {@code anvil status}: every job the cluster keeps, oldest first. */
public final class JobsSection {
    private JobsSection() {}

    /** The jobs of the cluster {@code ignite} belongs to, oldest first. */
    public static List<JobSummary> jobs(Ignite ignite) {
        return new JobRecords(ignite)
                .list().stream()
                        .map(r -> new JobSummary(r.id(), r.state().name(), r.mainClass(), r.submittedAt()))
                        .toList();
    }
}
