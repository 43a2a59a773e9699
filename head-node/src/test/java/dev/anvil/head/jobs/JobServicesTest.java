package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.worker.jobs.JobClassLoaders;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Jobs that spawn services whose actor classes exist only in the job's jar (embedded head + 2 workers). */
@ProcessTest
class JobServicesTest {
    private static final Duration WAIT = Duration.ofSeconds(90);

    @TempDir
    static Path tmp;

    private static Anvil anvil;
    private static JobClient jobs;

    @BeforeAll
    static void startCluster() {
        anvil = Anvil.local(2);
        jobs = JobClient.of(anvil, null);
    }

    @AfterAll
    static void stopCluster() {
        if (jobs != null) {
            jobs.close();
        }
        if (anvil != null) {
            anvil.close();
        }
    }

    @Test
    void twoVersionsOfTheSameActorClassRunSideBySideAndStopFreesTheirServices() {
        String v1 = jobs.submit(JobSpec.builder()
                .jar(JobApps.greeter(tmp, "v1"))
                .args("-1", "2")
                .build());
        String v2 = jobs.submit(JobSpec.builder()
                .jar(JobApps.greeter(tmp, "v2"))
                .args("-1", "2")
                .build());
        await().atMost(WAIT)
                .until(() -> jobs.logs(v1).contains("answer=") && jobs.logs(v2).contains("answer="));

        assertThat(jobs.logs(v1)).contains("answer=v1:n0").doesNotContain("v2:");
        assertThat(jobs.logs(v2)).contains("answer=v2:n0").doesNotContain("v1:");
        assertThat(JobClassLoaders.get().openJobs()).contains(v1, v2);
        JobInfo info1 = jobs.info(v1);
        assertThat(info1.services()).singleElement().asString().startsWith("greeter-");

        jobs.stop(v1);

        assertThat(jobs.status(v1)).isEqualTo(JobState.STOPPED);
        String service1 = info1.services().get(0);
        assertThat(ServiceCaches.services(Clusters.ignite(anvil)).containsKey(service1))
                .isFalse();
        assertThat(jobs.info(v1).services()).isEmpty();
        await().atMost(WAIT).until(() -> !JobClassLoaders.get().openJobs().contains(v1));
        // The other job, same class names, keeps answering with its own version.
        int before = jobs.logs(v2).length();
        await().atMost(WAIT).until(() -> jobs.logs(v2).substring(before).contains("answer=v2:"));
        assertThat(jobs.status(v2)).isEqualTo(JobState.RUNNING);
        jobs.stop(v2);
        assertThat(jobs.list())
                .filteredOn(j -> j.id().equals(v2))
                .singleElement()
                .satisfies(j -> assertThat(j.services()).isEmpty());
    }

    @Test
    void aJobSpawningAnActorClassMissingFromItsJarFailsWithTheReasonInItsLogs() {
        String id = jobs.submit(JobSpec.builder().jar(JobApps.ghostly(tmp)).build());
        JobInfo end = jobs.awaitEnd(id, WAIT);
        assertThat(end.state()).isEqualTo(JobState.FAILED);
        assertThat(jobs.logs(id)).contains("app.Ghost").containsIgnoringCase("not found");
        assertThat(end.services()).isEmpty();
    }

    @Test
    void aJobThatEndsOnItsOwnLeavesNoServiceBehind() {
        String id = jobs.submit(
                JobSpec.builder().jar(JobApps.greeter(tmp, "v3")).args("3", "1").build());
        assertThat(jobs.follow(id, s -> {})).isZero();
        assertThat(jobs.logs(id)).contains("answer=v3:n2", "done");
        await().atMost(WAIT).until(() -> jobs.info(id).services().isEmpty());
    }
}
