package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplicaState;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The seed's Counter walk-through (API.md), exactly. */
class CounterWalkthroughTest {
    private static Anvil anvil;

    @BeforeAll
    static void start() {
        anvil = Anvil.local(2);
    }

    @AfterAll
    static void stop() {
        anvil.close();
    }

    @Test
    void counterWalkthrough() {
        ServiceHandle<Counter> counter = anvil.options(Counter.class)
                .procs(1)
                .numReplicas(4)
                .withGpus(false)
                .hosts(1)
                .asService(0);
        assertThat(counter.replicas()).hasSize(4).allMatch(r -> r.state() == ReplicaState.HEALTHY);

        // Routed increments spread state across the replicas: round robin gives each replica 2 of 8.
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(counter.endpoint(Counter::increment).route());
        }
        calls.forEach(CompletableFuture::join);
        List<Integer> values = counter.endpoint(Counter::getValue).fanout().join();
        assertThat(values).hasSize(4);
        assertThat(values.stream().mapToInt(Integer::intValue).sum()).isEqualTo(8);
        assertThat(values).allMatch(v -> v > 0);

        List<Integer> incremented =
                counter.endpoint(Counter::increment).fanout().join();
        assertThat(incremented).hasSize(4);

        try (Session<Counter> s = counter.session()) {
            s.endpoint(Counter::reset).route().join();
            assertThat(s.endpoint(Counter::increment).route().join()).isEqualTo(1);
            assertThat(s.endpoint(Counter::increment).route().join()).isEqualTo(2);
            assertThat(s.endpoint(Counter::increment).route().join()).isEqualTo(3);
        }
        counter.shutdown().join();
        assertThat(counter.replicas()).isEmpty();
    }
}
