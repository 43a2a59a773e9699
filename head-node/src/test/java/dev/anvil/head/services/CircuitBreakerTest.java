package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.internal.routing.CircuitBreaker;
import org.junit.jupiter.api.Test;

class CircuitBreakerTest {
    private static final long COOLDOWN = 1_000_000_000L;

    @Test
    void opensAfterConsecutiveFailuresThenLetsOneTrialThrough() {
        CircuitBreaker b = new CircuitBreaker();
        long t = 0;
        b.failure(3, COOLDOWN, t);
        b.failure(3, COOLDOWN, t);
        assertThat(b.routable(t)).isTrue();
        b.failure(3, COOLDOWN, t);
        assertThat(b.isOpen()).isTrue();
        assertThat(b.routable(t + COOLDOWN / 2)).isFalse();
        assertThat(b.acquire(t + COOLDOWN / 2)).isFalse();
        // Cooled down: exactly one trial call.
        assertThat(b.routable(t + COOLDOWN)).isTrue();
        assertThat(b.acquire(t + COOLDOWN)).isTrue();
        assertThat(b.acquire(t + COOLDOWN)).isFalse();
        assertThat(b.routable(t + COOLDOWN)).isFalse();
        // The trial fails: open again for a full cool-down.
        b.failure(3, COOLDOWN, t + COOLDOWN);
        assertThat(b.routable(t + COOLDOWN + COOLDOWN / 2)).isFalse();
        assertThat(b.acquire(t + 2 * COOLDOWN)).isTrue();
        b.success();
        assertThat(b.isOpen()).isFalse();
        assertThat(b.acquire(t + 2 * COOLDOWN)).isTrue();
        assertThat(b.acquire(t + 2 * COOLDOWN)).isTrue();
    }

    @Test
    void aSuccessResetsTheFailureCount() {
        CircuitBreaker b = new CircuitBreaker();
        b.failure(2, COOLDOWN, 0);
        b.success();
        b.failure(2, COOLDOWN, 0);
        assertThat(b.isOpen()).isFalse();
    }
}
