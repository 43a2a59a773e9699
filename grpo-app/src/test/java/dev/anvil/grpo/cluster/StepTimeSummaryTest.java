package dev.anvil.grpo.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StepTimeSummaryTest {

    private static ClusterStepMetrics step(long n, long wait, long call, long compute, long sync) {
        return new ClusterStepMetrics(
                n,
                new ClusterStepMetrics.Scores(0.5, 0.1, Double.NaN),
                new ClusterStepMetrics.Optimization(0, 0, 0),
                new ClusterStepMetrics.Throughput(1000, 2000),
                new ClusterStepMetrics.Timings(wait, call, compute, sync, 2 * sync, wait + call + sync),
                new ClusterStepMetrics.Versions(n, 0),
                new ClusterStepMetrics.Rollouts(64, 0));
    }

    @Test
    void overheadIsCallAndSyncOutsideComputeOverTheStep() {
        List<ClusterStepMetrics> history = List.of(
                step(0, 0, 0, 0, 0),
                step(1, 900, 900, 100, 900),
                step(2, 10, 100, 90, 10),
                step(3, 20, 110, 100, 10),
                step(4, 30, 120, 100, 30));
        StepTimeSummary s = StepTimeSummary.of(history, 1);
        assertThat(s.steps()).isEqualTo(3);
        assertThat(s.trainComputeMillis()).isEqualTo(100);
        assertThat(s.stepMillis()).isEqualTo(140);
        // per step: (10+10)/120, (10+10)/140, (20+30)/180 -> median 20/120
        assertThat(s.overheadShare()).isCloseTo(20.0 / 120, within(1e-9));
        assertThat(s.report()).contains("3 steps").contains("2000 tokens/s per replica call");
    }

    @Test
    void nothingToSummariseIsRefused() {
        assertThatThrownBy(() -> StepTimeSummary.of(List.of(step(0, 0, 0, 0, 0)), 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no steps");
    }
}
