package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.AnvilLauncher;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.cache.Cache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The proof of issue 5 on real processes (head + 2 workers, each its own JVM): jars built in the test, their classes
 * on no node's classpath, submitted with the CLI and the SDK; services answer, logs stream, the exit code comes back;
 * two versions of one class run at once; a worker hosting a replica (and no driver) is killed with -9 and the job
 * still succeeds.
 */
@ProcessTest
class JobProofTest {
    private static final Duration WAIT = Duration.ofSeconds(240);

    @TempDir
    Path tmp;

    @Test
    void submittedAppsRunSideBySideAndSurviveAWorkerKill() throws Exception {
        Path v1 = JobApps.greeter(tmp, "v1");
        Path v2 = JobApps.greeter(tmp, "v2");
        // Three workers: each job's driver runs on a worker of its own, and the third hosts replicas only.
        try (ProcessCluster cluster = ProcessCluster.builder().workers(3).start();
                Anvil anvil = Anvil.connect(cluster.address());
                JobClient jobs = JobClient.of(anvil, null)) {
            String other = jobs.submit(JobSpec.builder().jar(v2).args("-1", "2").build());
            long submitted = System.nanoTime();
            // More time than cluster.cli's 90 s: the job deploys three replicas and answers 75 rounds on a loaded box.
            CompletableFuture<CliResult> follow = CompletableFuture.supplyAsync(() -> AnvilLauncher.run(
                    Duration.ofSeconds(240),
                    java.util.Map.of("ANVIL_RUN_DIR", cluster.runDir().toString()),
                    "job",
                    "submit",
                    "--address",
                    cluster.address(),
                    "--jar",
                    v1.toString(),
                    "--follow",
                    "--",
                    "75",
                    "3"));

            String id = await().atMost(WAIT)
                    .until(
                            () -> jobs.list().stream()
                                    .map(JobInfo::id)
                                    .filter(j ->
                                            !j.equals(other) && jobs.logs(j).contains("answer=v1:"))
                                    .findFirst()
                                    .orElse(null),
                            j -> j != null);
            System.out.printf(
                    "submit -> first answer from the job's service: %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - submitted));
            await().atMost(WAIT).until(() -> jobs.logs(other).contains("answer=v2:"));

            // A worker hosting a replica of the job's service and no driver: the loss of a driver's worker fails its
            // job.
            NodeProcess victim = workerHosting(
                    anvil,
                    cluster,
                    jobs.info(id).services().get(0),
                    Set.of(jobs.info(id).node(), jobs.info(other).node()));
            cluster.kill9(victim);
            long killedAt = System.nanoTime();

            CliResult r = follow.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            System.out.printf(
                    "kill -9 of %s -> job ended %d ms later%n",
                    victim.name(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            assertThat(r.stdout())
                    .contains("services up", "answer=v1:n0", "answer=v1:n74", "done")
                    .doesNotContain("v2:");
            assertThat(r.stderr()).contains("SUCCEEDED");
            assertThat(jobs.status(id)).isEqualTo(JobState.SUCCEEDED);

            // The other version kept answering with its own class throughout.
            assertThat(jobs.status(other)).as(jobs.logs(other)).isEqualTo(JobState.RUNNING);
            int seen = jobs.logs(other).length();
            await().atMost(WAIT).until(() -> jobs.logs(other).substring(seen).contains("answer=v2:"));
            assertThat(jobs.logs(other)).doesNotContain("v1:");
            CliResult stop = cluster.cli("job", "stop", "--address", cluster.address(), other);
            assertThat(stop.exitCode()).as(stop.toString()).isZero();
            assertThat(stop.stdout()).contains("STOPPED");
            CliResult status = cluster.cli("status", "--address", cluster.address());
            assertThat(status.stdout()).contains(id, other, "SUCCEEDED", "STOPPED");
            CliResult unknown = cluster.cli("job", "logs", "--address", cluster.address(), "job-nope");
            assertThat(unknown.exitCode()).isEqualTo(1);
            assertThat(unknown.errorLines()).containsExactly("anvil: no such job [id=job-nope]");
        }
    }

    private static NodeProcess workerHosting(
            Anvil anvil, ProcessCluster cluster, String service, Set<String> runningDrivers) {
        Set<String> nodes = new java.util.HashSet<>();
        for (Cache.Entry<String, ReplicaRecord> e : ServiceCaches.replicas(Clusters.ignite(anvil))) {
            if (e.getValue().service().equals(service)) {
                e.getValue().nodes().forEach(n -> nodes.add(n.toString()));
            }
        }
        return cluster.workers().stream()
                .filter(w -> nodes.contains(Clusters.nodeIdOf(anvil, w)) && !runningDrivers.contains(w.name()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker hosts " + service + " without a driver [nodes=" + nodes
                        + ", drivers=" + runningDrivers + "]"));
    }
}
