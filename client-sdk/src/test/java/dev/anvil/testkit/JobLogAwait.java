package dev.anvil.testkit;

import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.JobClient;
import java.time.Duration;
import java.util.function.Predicate;

/** Waits for a job's logs to show something; a timeout shows the job, its logs and the tail of every node's log. */
public final class JobLogAwait {
    private JobLogAwait() {}

    /** Waits up to {@code wait} until {@code done} holds for job {@code id}'s logs. */
    public static void until(
            JobClient jobs, String id, ProcessCluster cluster, String what, Duration wait, Predicate<String> done) {
        try {
            await(what).atMost(wait).until(() -> done.test(jobs.logs(id)));
        } catch (RuntimeException | AssertionError e) {
            throw new AssertionError(
                    "job info: " + jobs.info(id) + "\nlogs:\n" + jobs.logs(id) + "\nnode logs:\n"
                            + cluster.logTails(20_000),
                    e);
        }
    }
}
