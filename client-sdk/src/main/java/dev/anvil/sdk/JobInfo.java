package dev.anvil.sdk;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;

/**
 * What the cluster knows about one submitted job.
 *
 * @param id the job id {@link JobClient#submit(JobSpec)} returned
 * @param state where the job is in its life
 * @param mainClass the driver's main class
 * @param node name of the node running (or that ran) the driver; {@code null} while pending
 * @param submittedAt when the head accepted the job
 * @param startedAt when the driver started; {@code null} before
 * @param endedAt when the job ended; {@code null} while it has not
 * @param exitCode the driver's exit code; {@code null} while it runs or when it never started
 * @param services names of the services the job spawned and still owns
 * @param message why the job failed or was stopped; {@code null} otherwise
 */
public record JobInfo(
        String id,
        JobState state,
        String mainClass,
        String node,
        Instant submittedAt,
        Instant startedAt,
        Instant endedAt,
        Integer exitCode,
        List<String> services,
        String message)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public JobInfo {
        services = services == null ? List.of() : List.copyOf(services);
    }
}
