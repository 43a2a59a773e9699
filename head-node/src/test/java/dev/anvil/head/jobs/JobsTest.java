package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobException;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs on an embedded cluster (head + 1 worker with 1 GPU): drivers are real child JVMs running jars compiled in
 * the test, on no node's classpath.
 */
@ProcessTest
class JobsTest {
    private static final Duration END = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static Anvil anvil;
    private static JobClient jobs;

    @BeforeAll
    static void startCluster() {
        anvil = Anvil.local(1, 1);
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

    private static Path jar(String name, String mainClass, String body) {
        String pkg = mainClass.substring(0, mainClass.lastIndexOf('.'));
        String simple = mainClass.substring(mainClass.lastIndexOf('.') + 1);
        return TestJars.build(
                tmp.resolve(name + ".jar"),
                mainClass,
                Map.of(
                        mainClass,
                        "package " + pkg + "; public class " + simple
                                + " { public static void main(String[] args) throws Exception {" + body + " } }"));
    }

    @Test
    void driverRunsInTheClusterItConnectsToAndItsOutputIsKept() throws Exception {
        Path app = jar(
                "hello",
                "app.Hello",
                "System.out.println(\"hello \" + String.join(\",\", args));"
                        + "try (dev.anvil.sdk.Anvil a = dev.anvil.sdk.Anvil.connect()) {"
                        + "  System.out.println(\"cluster=\" + a.address()); }"
                        + "System.out.println(\"job=\" + System.getProperty(\"anvil.job.id\"));"
                        + "System.out.println(\"config=\" + java.nio.file.Files.readString(java.nio.file.Path.of("
                        + "System.getProperty(\"anvil.job.config\"))).strip());"
                        + "System.err.println(\"on stderr\");");
        long t0 = System.nanoTime();
        Path config = Files.writeString(tmp.resolve("hello.yaml"), "steps: 3\n");
        String id = jobs.submit(
                JobSpec.builder().jar(app).config(config).args("a", "b").build());
        StringBuilder streamed = new StringBuilder();
        int exit = jobs.follow(id, streamed::append);
        System.out.printf(
                "hello job: submit to end (driver JVM start, client join, run) %d ms%n",
                (System.nanoTime() - t0) / 1_000_000);

        assertThat(exit).isZero();
        assertThat(streamed.toString()).contains("hello a,b", "cluster=", "job=" + id, "config=steps: 3", "on stderr");
        JobInfo info = jobs.info(id);
        assertThat(info.state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(info.mainClass()).isEqualTo("app.Hello");
        assertThat(info.startedAt()).isNotNull();
        assertThat(info.endedAt()).isAfterOrEqualTo(info.startedAt());
        assertThat(jobs.logs(id)).isEqualTo(streamed.toString());
        assertThat(jobs.list()).extracting(JobInfo::id).contains(id);
    }

    @Test
    void driverThatThrowsFailsWithTheStackTraceInItsLogs() {
        Path app = jar("boom", "app.Boom", "throw new IllegalStateException(\"boom in driver\");");
        String id = jobs.submit(JobSpec.builder().jar(app).mainClass("app.Boom").build());
        JobInfo info = jobs.awaitEnd(id, END);
        assertThat(info.state()).isEqualTo(JobState.FAILED);
        assertThat(info.exitCode()).isEqualTo(1);
        assertThat(jobs.logs(id))
                .contains("java.lang.IllegalStateException: boom in driver", "app.Boom.main(Boom.java");
    }

    @Test
    void systemExitOfTheDriverIsTheJobsExitCodeAndLeavesTheClusterUp() {
        Path app = jar("exit7", "app.Exit", "System.out.println(\"leaving\"); System.exit(7);");
        String id = jobs.submit(JobSpec.builder().jar(app).build());
        assertThat(jobs.follow(id, s -> {})).isEqualTo(7);
        assertThat(jobs.status(id)).isEqualTo(JobState.FAILED);
        assertThat(jobs.logs(id)).contains("leaving");
        assertThat(jobs.list()).isNotEmpty();
    }

    @Test
    void stopEndsARunningDriverAndASecondStopIsRefused() throws Exception {
        Path app = jar("forever", "app.Forever", "System.out.println(\"started\"); while (true) { Thread.sleep(50); }");
        String id = jobs.submit(JobSpec.builder().jar(app).build());
        await().atMost(END).until(() -> jobs.logs(id).contains("started"));
        assertThat(jobs.status(id)).isEqualTo(JobState.RUNNING);

        jobs.stop(id);

        assertThat(jobs.status(id)).isEqualTo(JobState.STOPPED);
        assertThat(jobs.info(id).endedAt()).isNotNull();
        assertThatThrownBy(() -> jobs.stop(id))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("already ended")
                .hasMessageContaining("state=STOPPED")
                .extracting(e -> ((JobException) e).reason())
                .isEqualTo(JobException.Reason.WRONG_STATE);
    }

    @Test
    void driverAskingForGpusRunsOnAWorkerThatHasThemAndTooManyIsRefused() {
        Path app = jar("gpu", "app.Gpu", "System.out.println(\"gpus=\" + System.getenv(\"CUDA_VISIBLE_DEVICES\"));");
        String id = jobs.submit(JobSpec.builder().jar(app).entrypointGpus(1).build());
        assertThat(jobs.follow(id, s -> {})).isZero();
        assertThat(jobs.info(id).node()).contains("worker");
        assertThat(jobs.logs(id)).isEqualTo("gpus=0\n");

        assertThatThrownBy(() ->
                        jobs.submit(JobSpec.builder().jar(app).entrypointGpus(2).build()))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("entrypointGpus=2")
                .hasMessageContaining("mostFreeOnAWorker=1");
    }

    @Test
    void aJobKeepsRunningWhenItsSubmitterDisconnects() {
        Path app = jar("loner", "app.Loner", "System.out.println(\"started\"); while (true) { Thread.sleep(50); }");
        String id;
        try (JobClient submitter = JobClient.connect(anvil.address(), null)) {
            id = submitter.submit(JobSpec.builder().jar(app).build());
            await().atMost(END).until(() -> submitter.logs(id).contains("started"));
        }
        assertThat(jobs.status(id)).isEqualTo(JobState.RUNNING);
        jobs.stop(id);
        assertThat(jobs.status(id)).isEqualTo(JobState.STOPPED);
    }

    @Test
    void unknownJobIdIsAClearError() {
        for (var op : new java.util.function.Consumer[] {
            id -> jobs.status((String) id), id -> jobs.logs((String) id), id -> jobs.stop((String) id)
        }) {
            assertThatThrownBy(() -> op.accept("job-nope"))
                    .isInstanceOf(JobException.class)
                    .hasMessage("no such job [id=job-nope]")
                    .extracting(e -> ((JobException) e).reason())
                    .isEqualTo(JobException.Reason.NOT_FOUND);
        }
    }

    @Test
    void aFileThatIsNotAJarIsRefused() throws Exception {
        Path notJar = Files.writeString(tmp.resolve("notajar.jar"), "just text, not a zip");
        assertThatThrownBy(() -> jobs.submit(
                        JobSpec.builder().jar(notJar).mainClass("app.Main").build()))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("not a jar")
                .extracting(e -> ((JobException) e).reason())
                .isEqualTo(JobException.Reason.INVALID);
        assertThat(jobs.list()).noneMatch(j -> j.mainClass().equals("app.Main"));
    }

    @Test
    void aMainClassThatIsMissingOrHasNoMainIsRefused() {
        Path app = TestJars.build(
                tmp.resolve("nomain.jar"),
                null,
                Map.of("app.NoMain", "package app; public class NoMain { public static void run() { } }"));
        assertThatThrownBy(() -> jobs.submit(
                        JobSpec.builder().jar(app).mainClass("app.Missing").build()))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("main class is not in the job jar")
                .hasMessageContaining("mainClass=app.Missing");
        assertThatThrownBy(() -> jobs.submit(
                        JobSpec.builder().jar(app).mainClass("app.NoMain").build()))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("no public main(String[])");
        assertThatThrownBy(() -> jobs.submit(JobSpec.builder().jar(app).build()))
                .isInstanceOf(JobException.class)
                .hasMessageContaining("manifest names none");
    }
}
