package dev.anvil.state;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.WeightStore;
import dev.anvil.testkit.Clusters;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

/** The contract's state example on the embedded cluster: data on the workers, none on the head. */
class StateOnLocalClusterTest {

    /** An episode as a driver would define it. */
    record Episode(String prompt, double reward) implements Serializable {}

    @Test
    void replayBufferAndWeightStoreWorkOnAnvilLocalAndKeepDataOffTheHead() {
        try (Anvil anvil = Anvil.local(2)) {
            ReplayBuffer<Episode> buf = anvil.replayBuffer(
                    "episodes",
                    Episode.class,
                    ReplayBufferConfig.builder()
                            .batchSize(2)
                            .dpSize(2)
                            .maxPolicyAge(1)
                            .maxResampleCount(0)
                            .maxBufferSize(10_000)
                            .seed(42)
                            .build());
            for (int i = 0; i < 4; i++) {
                buf.add(new Episode("p" + i, i), 1);
            }
            List<List<Episode>> batch = buf.sample(2);
            assertThat(batch).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(2));
            assertThat(buf.size()).isZero();

            WeightStore ws = anvil.weightStore("policy");
            assertThat(ws.latestVersion()).isEqualTo(-1);
            ws.push(1, Map.of("layer0.weight", new byte[] {1, 2, 3}));
            assertThat(ws.pull(1).get("layer0.weight")).containsExactly(1, 2, 3);
            assertThat(ws.latestVersion()).isEqualTo(1);

            Ignite head = Clusters.ignite(anvil);
            assertThat(head.cluster().localNode().<String>attribute(NodeAttributes.ROLE))
                    .isEqualTo("head");
            assertThat(head.cluster().forDataNodes("anvil-replay-episodes").nodes())
                    .as("the head is the control plane, never the data path")
                    .hasSize(2)
                    .noneMatch(n -> n.isLocal());
            assertThat(head.cluster()
                            .forAttribute(NodeAttributes.BLOB_DIR, null)
                            .nodes())
                    .as("weight chunks live on the workers' blob holders, not on the head")
                    .hasSize(2)
                    .noneMatch(n -> n.isLocal());
        }
    }
}
