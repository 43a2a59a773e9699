package dev.anvil.sdk;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Submits applications (jars) to a cluster and follows them: Ray's job API for Anvil.
 *
 * <pre>{@code
 * try (JobClient jobs = JobClient.connect("127.0.0.1:47500..47509")) {
 *     String id = jobs.submit(JobSpec.builder().jar(Path.of("app.jar")).mainClass("com.example.Main")
 *             .args("--steps", "100").build());
 *     int exit = jobs.follow(id, System.out::print);   // streams the driver's output until it ends
 * }
 * }</pre>
 *
 * <p>Submitting and stopping need the head's token when it has one: {@link #connect(String)} reads it from
 * {@value #TOKEN_ENV}. A head without a token accepts jobs only while it listens on loopback.
 */
public interface JobClient extends AutoCloseable {
    /** Environment variable holding the token of the head. */
    String TOKEN_ENV = "ANVIL_TOKEN";

    /** Joins the cluster at {@code address} as a client, with the token from {@value #TOKEN_ENV} if set. */
    static JobClient connect(String address) {
        return connect(address, System.getenv(TOKEN_ENV));
    }

    /** Joins the cluster at {@code address} as a client, presenting {@code token} ({@code null} for none). */
    static JobClient connect(String address, String token) {
        return AnvilRuntime.get().jobClient(address, token);
    }

    /**
     * A job client over an existing connection (closing it leaves {@code anvil} open), with the token from
     * {@value #TOKEN_ENV} if set.
     */
    static JobClient of(Anvil anvil) {
        return of(anvil, System.getenv(TOKEN_ENV));
    }

    /** A job client over an existing connection, presenting {@code token} ({@code null} for none). */
    static JobClient of(Anvil anvil, String token) {
        return AnvilRuntime.get().jobClient(anvil, token);
    }

    /**
     * Sends the jar (and config) into the cluster and starts the driver.
     *
     * @return the job id
     * @throws JobException INVALID for a bad jar or main class or a jar over the head's limit, UNAUTHORIZED without
     *     the right token, UNSCHEDULABLE when no node has the driver's GPUs
     */
    String submit(JobSpec spec);

    /** The job's state; {@link JobException} NOT_FOUND for an unknown id. */
    JobState status(String id);

    /** Everything known about the job; {@link JobException} NOT_FOUND for an unknown id. */
    JobInfo info(String id);

    /** The driver's output (stdout and stderr, interleaved as written) so far. */
    String logs(String id);

    /**
     * Streams the driver's output to {@code sink} until the job ends, then returns its exit code (1 for a job that
     * failed without one, 143 for a stopped one).
     */
    int follow(String id, Consumer<String> sink);

    /** Waits until the job ended, at most {@code timeout}, and returns what is known about it then. */
    JobInfo awaitEnd(String id, Duration timeout);

    /**
     * Stops the driver and shuts down every service the job spawned; returns once the job is STOPPED.
     *
     * @throws JobException NOT_FOUND for an unknown id, WRONG_STATE for a job that already ended
     */
    void stop(String id);

    /** Every job the cluster knows, oldest first. */
    List<JobInfo> list();

    /** Leaves the cluster (when this client joined it); running jobs keep running. */
    @Override
    void close();
}
