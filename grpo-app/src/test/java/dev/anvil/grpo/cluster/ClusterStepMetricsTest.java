package dev.anvil.grpo.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.grpo.metrics.MetricsWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The grouped metrics still make the flat {@code metrics.jsonl} line and the console line runs have always had. */
class ClusterStepMetricsTest {

    private static final ClusterStepMetrics STEP_1 = new ClusterStepMetrics(
            1,
            new ClusterStepMetrics.Scores(0.00390625, 0.031004898176538172, Double.NaN),
            new ClusterStepMetrics.Optimization(7.450580596923828E-9, 0.0, 0.07705333083868027),
            new ClusterStepMetrics.Throughput(355.081125946178, 381.92566011521563),
            new ClusterStepMetrics.Timings(8050, 5120, 4833, 11, 0, 13182),
            new ClusterStepMetrics.Versions(1, 0),
            new ClusterStepMetrics.Rollouts(672, 0));

    @Test
    void jsonLineIsFlatWithTheSameKeysInTheSameOrder(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("metrics.jsonl");
        try (MetricsWriter w = new MetricsWriter(file)) {
            w.write(ClusterStepMetrics.beforeTraining(0.01));
            w.write(STEP_1);
        }

        assertThat(Files.readAllLines(file))
                .containsExactly(
                        "{\"step\":0,\"reward_mean\":\"null\",\"reward_std\":\"null\",\"val_accuracy\":0.01,"
                                + "\"loss\":\"null\",\"kl\":\"null\",\"grad_norm\":\"null\",\"gen_tokens_per_sec\":0.0,"
                                + "\"replica_tokens_per_sec\":0.0,\"wait_ms\":0,\"train_ms\":0,\"train_compute_ms\":0,"
                                + "\"weight_sync_ms\":0,\"last_sync_ms\":0,\"step_ms\":0,\"policy_version\":0,"
                                + "\"version_lag\":0,\"episodes_added\":0,\"rollout_failures\":0}",
                        "{\"step\":1,\"reward_mean\":0.00390625,\"reward_std\":0.031004898176538172,"
                                + "\"val_accuracy\":\"null\",\"loss\":7.450580596923828E-9,\"kl\":0.0,"
                                + "\"grad_norm\":0.07705333083868027,\"gen_tokens_per_sec\":355.081125946178,"
                                + "\"replica_tokens_per_sec\":381.92566011521563,\"wait_ms\":8050,\"train_ms\":5120,"
                                + "\"train_compute_ms\":4833,\"weight_sync_ms\":11,\"last_sync_ms\":0,\"step_ms\":13182,"
                                + "\"policy_version\":1,\"version_lag\":0,\"episodes_added\":672,\"rollout_failures\":0}");
    }

    @Test
    void consoleLineKeepsItsFormat() {
        assertThat(STEP_1.line())
                .isEqualTo("step    1  reward 0.004  val    -    gen    355 tok/s"
                        + "  step 13182 ms (wait 8050, train 5120, sync 11)  version 1 lag 0");
        ClusterStepMetrics evaluated = new ClusterStepMetrics(
                3,
                new ClusterStepMetrics.Scores(0.0091796875, 0.06, 0.01),
                STEP_1.optimization(),
                new ClusterStepMetrics.Throughput(685.1096737816681, 484.9),
                new ClusterStepMetrics.Timings(1877, 2058, 1809, 0, 1218, 3936),
                new ClusterStepMetrics.Versions(3, 1),
                new ClusterStepMetrics.Rollouts(384, 2));
        assertThat(evaluated.line())
                .isEqualTo("step    3  reward 0.009  val   1.0%  gen    685 tok/s"
                        + "  step 3936 ms (wait 1877, train 2058, sync 0)  version 3 lag 1  rollout failures 2");
    }
}
