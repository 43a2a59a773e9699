package dev.anvil.grpo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.grpo.config.ConfigLoader;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.training.WarmStart;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.NodeProcess;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a worker process hosting a policy replica in the middle of a GRPO run on real node processes: training
 * runs to its last step, and every episode the rollouts stored is either trained on or still in the buffer.
 */
@ProcessTest
class PolicyWorkerKillTest {

    private static final Duration WAIT = Duration.ofSeconds(180);

    @Test
    void trainingSurvivesKillNineOfAPolicyWorker(@TempDir Path dir) throws Exception {
        GrpoConfig cfg = ConfigLoader.load(
                "classpath:config/grpo.yaml",
                List.of(
                        "model.d_model=32",
                        "model.mlp_hidden=64",
                        "model.num_layers=1",
                        "steps=16",
                        "eval_every=16",
                        "group_size=8",
                        "batch_size=32",
                        "dataset.validation_limit=20",
                        "trainer.optimizer.lr=3e-3",
                        "trainer.beta=0.0",
                        "warm_start.steps=5",
                        "warm_start.batch_size=16",
                        "warm_start.out=" + dir.resolve("base"),
                        "base_checkpoint=" + dir.resolve("base"),
                        "out_dir=" + dir.resolve("run")),
                GrpoConfig.class);
        // No staleness bound: an evicted episode would be indistinguishable from a lost one.
        ClusterSettings settings = ConfigLoader.load(
                ClusterSettings.BUNDLED,
                List.of("max_policy_age=" + Long.MAX_VALUE, "prompts_per_rollout=2", "max_buffered_batches=2"),
                ClusterSettings.class);
        new WarmStart(cfg, System.out).run();

        try (ProcessCluster cluster =
                        ProcessCluster.builder().workers(3).heap("512m").start();
                Anvil anvil = cluster.connectThroughHead()) {
            List<ReplicaInfo> placement = new CopyOnWriteArrayList<>();
            AtomicInteger steps = new AtomicInteger();
            ClusterGrpoLoop loop = new ClusterGrpoLoop(cfg, settings, System.out, new ClusterGrpoLoop.Progress() {
                @Override
                public void servicesUp(List<ReplicaInfo> replicas) {
                    placement.addAll(replicas);
                }

                @Override
                public void step(ClusterStepMetrics step) {
                    steps.set((int) step.step());
                }
            });
            CompletableFuture<ClusterGrpoLoop.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return loop.run(anvil);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(WAIT).until(() -> steps.get() >= 3 || run.isDone());
            assertThat(run).isNotDone();

            NodeProcess victim = policyOnlyWorker(cluster, anvil, placement);
            System.out.printf(
                    "[grpo] kill -9 of %s (policy replica, not the trainer) after step %d%n",
                    victim.name(), steps.get());
            cluster.kill9(victim);

            ClusterGrpoLoop.Result r = run.get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
            long failures = r.history().stream()
                    .mapToLong(m -> m.rollouts().rolloutFailures())
                    .sum();
            System.out.printf(
                    "[grpo] after the kill: %d steps done; episodes added %d = trained %d + left %d;"
                            + " rollout rounds retried %d%n",
                    r.history().size() - 1, r.episodesAdded(), r.episodesConsumed(), r.episodesLeft(), failures);
            assertThat(r.history()).hasSize(17);
            assertThat(r.history().get(16).versions().policyVersion()).isEqualTo(16);
            assertThat(r.episodesConsumed()).isEqualTo(16 * 32);
            assertThat(r.episodesAdded())
                    .as("added = trained + still buffered")
                    .isEqualTo(r.episodesConsumed() + r.episodesLeft());
        }
    }

    /** A worker hosting a policy replica but not the trainer (whose optimizer state a restart would lose). */
    private static NodeProcess policyOnlyWorker(ProcessCluster cluster, Anvil anvil, List<ReplicaInfo> placement) {
        Set<String> policyNodes = placement.stream()
                .filter(r -> r.service().endsWith("-policy"))
                .flatMap(r -> r.nodes().stream())
                .collect(Collectors.toSet());
        Set<String> trainerNodes = placement.stream()
                .filter(r -> r.service().endsWith("-trainer"))
                .flatMap(r -> r.nodes().stream())
                .collect(Collectors.toSet());
        for (NodeProcess w : cluster.workers()) {
            String id = Clusters.nodeIdOf(anvil, w);
            if (policyNodes.contains(id) && !trainerNodes.contains(id)) {
                return w;
            }
        }
        throw new IllegalStateException(
                "no worker hosts a policy replica without the trainer [placement=" + placement + "]");
    }
}
