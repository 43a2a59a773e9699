package dev.anvil.head.autoscale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AutoscalePolicyTest {
    private static final long UP = 30_000;
    private static final long DOWN = 600_000;

    @Test
    void startsAtMinAndGrowsOnlyAfterTheLoadStayedHighForTheUpscaleDelay() {
        AutoscalePolicy p = new AutoscalePolicy(1, 8, 2, UP, DOWN);
        assertThat(p.target()).isEqualTo(1);
        assertThat(p.decide(10, 0)).isEqualTo(1);
        assertThat(p.decide(10, UP - 1)).isEqualTo(1);
        assertThat(p.decide(10, UP)).as("ceil(10 / 2)").isEqualTo(5);
    }

    @Test
    void aLoadThatFallsBackBeforeTheDelayRestartsTheUpscaleClock() {
        AutoscalePolicy p = new AutoscalePolicy(1, 8, 2, UP, DOWN);
        p.decide(10, 0);
        long t = 0;
        for (t = 1_000; t <= UP / 2; t += 1_000) {
            assertThat(p.decide(0, t)).isEqualTo(1);
        }
        assertThat(p.meanLoad()).as("the burst averaged out over the window").isLessThan(2);
        long dipEnd = t;
        for (; t < dipEnd + UP / 2; t += 1_000) {
            assertThat(p.decide(10, t)).as("clock restarted at the dip's end").isEqualTo(1);
        }
        for (; t < dipEnd + 3 * UP; t += 1_000) {
            p.decide(10, t);
        }
        assertThat(p.target()).isEqualTo(5);
    }

    @Test
    void aLoadThatComesAndGoesBetweenSamplesCountsByItsMean() {
        // Two rollout loops whose calls are in flight half of the time: samples of 2 and 0, mean 1.
        AutoscalePolicy p = new AutoscalePolicy(1, 4, 0.5, 5_000, 30_000);
        for (long t = 0; t <= 12_000; t += 200) {
            p.decide((t / 200) % 2 == 0 ? 2 : 0, t);
        }
        assertThat(p.target()).isEqualTo(2);
    }

    @Test
    void neverLeavesMinMax() {
        AutoscalePolicy p = new AutoscalePolicy(2, 3, 1, UP, DOWN);
        assertThat(p.decide(100, 0)).isEqualTo(2);
        assertThat(feed(p, 100, 1_000, UP)).isEqualTo(3);
        assertThat(p.wanted()).isEqualTo(100);
        assertThat(feed(p, 0, UP + 1_000, UP + DOWN)).isEqualTo(3);
        assertThat(feed(p, 0, UP + DOWN, UP + 3 * DOWN)).isEqualTo(2);
    }

    /** Samples {@code load} once a second from {@code from} to {@code to}; returns the last target. */
    private static int feed(AutoscalePolicy p, double load, long from, long to) {
        int target = p.target();
        for (long t = from; t <= to; t += 1_000) {
            target = p.decide(load, t);
        }
        return target;
    }

    @Test
    void shrinksOnlyAfterTheLoadStayedLowForTheDownscaleDelay() {
        AutoscalePolicy p = new AutoscalePolicy(1, 8, 2, UP, DOWN);
        p.decide(16, 0);
        assertThat(p.decide(16, UP)).isEqualTo(8);
        assertThat(p.decide(3, UP + 1)).isEqualTo(8);
        assertThat(p.decide(3, UP + DOWN)).isEqualTo(8);
        assertThat(p.decide(3, UP + 1 + DOWN)).as("ceil(3 / 2)").isEqualTo(2);
        assertThat(p.decide(0, UP + 2 + DOWN)).isEqualTo(2);
        assertThat(p.decide(0, UP + 2 + 2 * DOWN)).isEqualTo(1);
    }

    @Test
    void steadyLoadAtTheTargetKeepsTheReplicas() {
        AutoscalePolicy p = new AutoscalePolicy(1, 8, 2, 1, 1);
        p.decide(8, 0);
        assertThat(p.decide(8, 1)).isEqualTo(4);
        for (long t = 2; t < 100; t++) {
            assertThat(p.decide(8, t)).isEqualTo(4);
        }
    }

    @Test
    void refusesABadPolicy() {
        assertThatThrownBy(() -> new AutoscalePolicy(0, 1, 2, UP, DOWN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AutoscalePolicy(2, 1, 2, UP, DOWN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AutoscalePolicy(1, 2, 0, UP, DOWN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new AutoscalePolicy(1, 2, 2, 0, DOWN)).isInstanceOf(IllegalArgumentException.class);
    }
}
