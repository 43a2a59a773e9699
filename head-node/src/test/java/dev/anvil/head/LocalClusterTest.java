package dev.anvil.head;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.sdk.Anvil;
import dev.anvil.testkit.Clusters;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.Test;

class LocalClusterTest {

    @Test
    void localStartsHeadAndWorkersThatAdvertiseDeclaredGpus() {
        try (Anvil anvil = Anvil.local(2, 3)) {
            var ignite = Clusters.ignite(anvil);
            assertThat(ignite.cluster().nodes()).hasSize(3);
            assertThat(ignite.cluster()
                            .forAttribute(NodeAttributes.ROLE, "head")
                            .nodes())
                    .hasSize(1);
            var workers =
                    ignite.cluster().forAttribute(NodeAttributes.ROLE, "worker").nodes();
            assertThat(workers).hasSize(2);
            for (ClusterNode w : workers) {
                assertThat(NodeResources.fromAttributes(w.attributes()).gpus()).hasSize(3);
                // The environment must not leak into node attributes.
                assertThat(w.attributes()).doesNotContainKey("PATH");
            }
        }
    }

    @Test
    void twoEmbeddedClustersDoNotJoinEachOther() {
        try (Anvil a = Anvil.local(1);
                Anvil b = Anvil.local(1)) {
            assertThat(Clusters.ignite(a).cluster().nodes()).hasSize(2);
            assertThat(Clusters.ignite(b).cluster().nodes()).hasSize(2);
            assertThat(a.address()).isNotEqualTo(b.address());
        }
    }
}
