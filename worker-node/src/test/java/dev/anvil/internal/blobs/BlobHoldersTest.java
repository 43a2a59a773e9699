package dev.anvil.internal.blobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.testkit.StateCluster;
import dev.anvil.testkit.TestBytes;
import dev.anvil.worker.blobs.BlobHostingNode;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The holders of a real cluster as a client node sees them, and how it reaches each. */
class BlobHoldersTest {
    private static StateCluster cluster;
    private static Ignite client;

    @BeforeAll
    static void start() {
        cluster = StateCluster.start(2, BlobHostingNode::start);
        client = cluster.startNode(NodeRole.CLIENT);
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void everyWorkerIsAHolderAndClientsAreNot() {
        try (BlobHolders h = new BlobHolders(client, true)) {
            List<ClusterNode> ranked = h.ranked("s/1/a");
            assertThat(ranked)
                    .hasSize(2)
                    .allMatch(n -> n.attribute(NodeAttributes.BLOB_ADDRESS) != null)
                    .doesNotContain(client.cluster().localNode());
            assertThat(h.ranked("s/1/a")).as("stable").isEqualTo(ranked);
        }
    }

    @Test
    void sameHostHoldersAreReachedThroughTheirDirectoryUnlessSharedMemoryIsOff() throws Exception {
        try (BlobHolders shared = new BlobHolders(client, true);
                BlobHolders tcp = new BlobHolders(client, false)) {
            for (ClusterNode n : shared.ranked("x")) {
                assertThat(shared.access(n)).isInstanceOf(BlobDir.class);
                assertThat(((BlobDir) shared.access(n)).root().toString())
                        .isEqualTo(n.attribute(NodeAttributes.BLOB_DIR));
                assertThat(tcp.access(n)).isInstanceOf(RemoteBlobAccess.class);
                assertThat(tcp.access(n.id())).as("one pool per holder").isSameAs(tcp.access(n));
            }
            // What one path writes the other reads: the TCP server stores into the very directory.
            ClusterNode first = shared.ranked("x").get(0);
            byte[] data = TestBytes.bytes(7, 300_000);
            tcp.access(first).write(new BlobPath("holders-test", 1, "a"), data, 0, data.length);
            byte[] back = new byte[data.length];
            shared.access(first).read(new BlobPath("holders-test", 1, "a"), back, 0, back.length);
            assertThat(back).isEqualTo(data);
            tcp.access(first).removeVersion("holders-test", 1);
        }
    }
}
