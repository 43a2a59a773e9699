package dev.anvil.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.state.StateCaches;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.StateCluster;
import java.time.Duration;
import java.util.List;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.Test;

/** A sampler's key index hears of other processes' adds and removals, keys only. */
class KeyIndexTest {

    @Test
    void learnsOfAddsAndRemovalsMadeElsewhere() {
        try (StateCluster c = StateCluster.start(2)) {
            IgniteCache<ReplayKey, ReplayEntry> writer = Clusters.ignite(c.client())
                    .getOrCreateCache(StateCaches.<ReplayKey, ReplayEntry>config("anvil-replay-idx"));
            ReplayKey before = new ReplayKey(1, 1, 0);
            writer.put(before, new ReplayEntry(0, new byte[] {1}));
            IgniteCache<ReplayKey, ReplayEntry> reader =
                    Clusters.ignite(c.client()).cache("anvil-replay-idx");
            try (KeyIndex idx = new KeyIndex(reader, () -> List.of(before))) {
                ReplayKey a = new ReplayKey(2, 2, 0);
                ReplayKey b = new ReplayKey(3, 3, 1);
                writer.put(a, new ReplayEntry(0, new byte[1024]));
                writer.put(b, new ReplayEntry(0, new byte[1024]));
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> idx.snapshot().size() == 3);
                assertThat(idx.snapshot()).containsExactly(before, a, b);
                writer.remove(a);
                writer.invoke(b, new ClaimProcessor(1, 10, 5)); // an update keeps the key
                await().atMost(Duration.ofSeconds(20))
                        .untilAsserted(() -> assertThat(idx.snapshot()).containsExactly(before, b));
            }
        }
    }
}
