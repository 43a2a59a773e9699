package dev.anvil.grpo.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.grpo.engine.Torch;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.AnvilLauncher;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestClasspath;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GRPO app submitted as a job, as the README does it: the {@code grpo-app-job.jar} that {@code package} built,
 * to a head and 2 worker processes whose classpath has neither grpo-app nor the libtorch jar (only
 * {@code node-lib/}, the README's {@code ANVIL_EXTRA_CLASSPATH}). Runs in the integration-test phase, after the jar
 * exists.
 */
@ProcessTest
class GrpoJobIT {
    private static final Path HOME = AnvilLauncher.anvilHome();
    private static final Path JOB_JAR = HOME.resolve("grpo-app/target/grpo-app-job.jar");
    private static final Path NODE_LIB = HOME.resolve("grpo-app/target/node-lib");

    @TempDir
    Path tmp;

    @Test
    void theJobJarRunsGrpoOnTheClusterAndSucceeds() throws Exception {
        assertThat(JOB_JAR).as("built by `mvn package`").isRegularFile();
        assertThat(Files.size(JOB_JAR))
                .as("under the head's default --job-jar-limit")
                .isLessThan(32L << 20);
        Torch.engine(); // fills DJL_CACHE_DIR from the test classpath's libtorch jar, as `bin/grpo engine` does
        String previous = System.setProperty(AnvilLauncher.NODE_CLASSPATH, nodeClasspath());
        try (ProcessCluster cluster = ProcessCluster.builder()
                .workers(2)
                .heap("512m")
                // The GRPO app's weights and replay caches outgrow the testkit's 32m default region.
                .nodeArgs("--default-region", "128m")
                .start()) {
            long start = System.nanoTime();
            CliResult r = AnvilLauncher.run(
                    Duration.ofMinutes(5),
                    Map.of(),
                    "job",
                    "submit",
                    "--address",
                    cluster.address(),
                    "--jar",
                    JOB_JAR.toString(),
                    "--main",
                    "dev.anvil.grpo.GrpoApp",
                    "--follow",
                    "--",
                    "all",
                    "cluster.address=auto",
                    "steps=3",
                    "eval_every=3",
                    "batch_size=32",
                    "dataset.validation_limit=20",
                    "warm_start.steps=5",
                    "warm_start.batch_size=16",
                    "model.d_model=32",
                    "model.mlp_hidden=64",
                    "model.num_layers=1",
                    "warm_start.out=" + tmp.resolve("base"),
                    "base_checkpoint=" + tmp.resolve("base"),
                    "out_dir=" + tmp.resolve("grpo"));
            System.out.printf(
                    "grpo-app-job.jar (%d bytes): submit -> SUCCEEDED in %d ms%n",
                    Files.size(JOB_JAR), (System.nanoTime() - start) / 1_000_000);
            assertThat(r.exitCode())
                    .as(() -> r
                            + cluster.workers().stream()
                                    .map(w -> "\n--- " + w.name() + " log\n" + w.output())
                                    .collect(Collectors.joining()))
                    .isZero();
            assertThat(r.stdout()).contains("warm start done", "step    1", "step    2", "step    3", "GRPO done");
            assertThat(r.stderr()).contains("SUCCEEDED");
            assertThat(tmp.resolve("grpo/checkpoint")).isDirectory();
            try (Anvil anvil = Anvil.connect(cluster.address());
                    JobClient jobs = JobClient.of(anvil, null)) {
                JobInfo job = jobs.list().get(0);
                assertThat(jobs.status(job.id())).isEqualTo(JobState.SUCCEEDED);
                assertThat(jobs.logs(job.id())).contains("step    3");
            }
        } finally {
            if (previous == null) {
                System.clearProperty(AnvilLauncher.NODE_CLASSPATH);
            } else {
                System.setProperty(AnvilLauncher.NODE_CLASSPATH, previous);
            }
        }
    }

    /** The tests' classpath without grpo-app and the libraries only the job jar carries, plus node-lib. */
    private static String nodeClasspath() {
        String kept = Arrays.stream(TestClasspath.get().split(File.pathSeparator))
                .filter(e -> !e.contains("grpo-app" + File.separator + "target"))
                .filter(e -> !e.matches(
                        ".*[/\\\\](ai[/\\\\]djl|org[/\\\\]knowm|me[/\\\\]tongfei|org[/\\\\]apache[/\\\\]pdfbox"
                                + "|de[/\\\\]erichseifert|de[/\\\\]rototor|com[/\\\\]madgag|org[/\\\\]jline)[/\\\\].*"))
                .collect(Collectors.joining(File.pathSeparator));
        return kept + File.pathSeparator + NODE_LIB.resolve("*");
    }
}
