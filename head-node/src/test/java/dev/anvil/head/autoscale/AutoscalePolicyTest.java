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
    void aDipBelowTheTargetRestartsTheUpscaleClock() {
        AutoscalePolicy p = new AutoscalePolicy(1, 8, 2, UP, DOWN);
        p.decide(10, 0);
        p.decide(2, UP / 2);
        assertThat(p.decide(10, UP))
                .as("the clock started again at the dip's end")
                .isEqualTo(1);
        assertThat(p.decide(10, 2 * UP - 1)).isEqualTo(1);
        assertThat(p.decide(10, 2 * UP)).isEqualTo(5);
    }

    @Test
    void neverLeavesMinMax() {
        AutoscalePolicy p = new AutoscalePolicy(2, 3, 1, UP, DOWN);
        assertThat(p.decide(100, 0)).isEqualTo(2);
        assertThat(p.decide(100, UP)).isEqualTo(3);
        assertThat(p.wanted()).isEqualTo(100);
        assertThat(p.decide(0, UP + 1)).isEqualTo(3);
        assertThat(p.decide(0, UP + 1 + DOWN)).isEqualTo(2);
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
