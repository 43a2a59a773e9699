package dev.anvil.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.testkit.StateCluster;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A buffer that outgrows its data region loses its oldest pages instead of halting the node. */
class ReplayBufferFullRegionTest {

    @Test
    void aFullStateRegionEvictsInsteadOfHaltingTheNode() {
        try (StateCluster c = StateCluster.start(1, 16L << 20)) {
            Anvil client = c.client();
            ReplayBuffer<byte[]> buf = client.replayBuffer(
                    "overflow",
                    byte[].class,
                    ReplayBufferConfig.builder().batchSize(4).build());
            int added = 0;
            for (int round = 0; round < 40; round++) { // 40 MiB into a 16 MiB region, 1 MiB per call
                List<byte[]> batch = new ArrayList<>();
                for (int i = 0; i < 512; i++) {
                    batch.add(new byte[2048]);
                }
                buf.addAll(batch, 0);
                added += batch.size();
            }
            long size = buf.size();
            System.out.printf("full region: added %d entries of 2 KiB, %d kept%n", added, size);
            assertThat(size).isPositive().isLessThan(added);
            assertThat(buf.sample(0)).hasSize(1);
            assertThat(c.node(0).cluster().nodes()).as("the server is still up").hasSize(2);
        }
    }
}
