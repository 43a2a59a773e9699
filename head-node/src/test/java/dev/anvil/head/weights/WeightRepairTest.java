package dev.anvil.head.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.weights.Manifest;
import dev.anvil.internal.weights.WeightStores;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.StateCluster;
import dev.anvil.testkit.TestBytes;
import dev.anvil.testkit.TestFiles;
import dev.anvil.worker.blobs.BlobHostingNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.junit.jupiter.api.Test;

/**
 * Re-replication step by step, without a head: two holders take a version, a third joins, the first leaves; the
 * repair copies the chunks it held to the newcomer, which no drop of the version would otherwise reach.
 */
class WeightRepairTest {
    private static final WeightStoreConfig SMALL = WeightStoreConfig.builder()
            .chunkBytes(4096)
            .retainVersions(WeightStoreConfig.KEEP_ALL)
            .build();
    private static final byte[] BYTES = TestBytes.bytes(11, 4096 * 24 + 5);

    /** A cluster after the scenario above: node 0 gone, nodes 1 and 3 holders, node 2 the client. */
    private record Scene(
            StateCluster cluster,
            Ignite client,
            WeightStore store,
            IgniteCache<Long, Manifest> cache,
            Manifest manifest) {}

    private static Scene lose(StateCluster c, String store) {
        Anvil client = c.client(); // node 2
        WeightStore ws = client.weightStore(store, SMALL);
        ws.push(0, Map.of("w", BYTES));
        c.startNode(NodeRole.WORKER); // node 3: holds nothing of version 0
        c.crash(0);
        Ignite ig = Clusters.ignite(client);
        IgniteCache<Long, Manifest> cache = ig.cache(WeightStores.manifestCache(store));
        Manifest m =
                await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> cache.get(0L), v -> v != null);
        return new Scene(c, ig, ws, cache, m);
    }

    private static Path versionDir(Ignite node, String store) {
        return Path.of(node.cluster().localNode().<String>attribute(NodeAttributes.BLOB_DIR))
                .resolve(store + "/0");
    }

    @Test
    void repairCopiesLostChunksToALiveHolderAndASecondLossLosesNothing() throws IOException {
        try (StateCluster c = StateCluster.start(2, BlobHostingNode::start);
                WeightRepair repair = new WeightRepair(lose(c, "r1").client())) {
            Ignite client = c.node(2);
            assertThat(repair.check().underReplicated())
                    .as("every chunk lost one of its two holders")
                    .isEqualTo(25);

            WeightRepair.Report r = repair.repairAll();

            assertThat(r.repaired()).isEqualTo(25);
            assertThat(r.healthy()).isTrue();
            assertThat(repair.check().healthy()).isTrue();
            UUID newcomer = c.node(3).cluster().localNode().id();
            Manifest m = client.<Long, Manifest>cache(WeightStores.manifestCache("r1"))
                    .get(0L);
            assertThat(Arrays.asList(m.holders()))
                    .allSatisfy(h -> assertThat(h).hasSize(2).contains(newcomer));
            assertThat(TestFiles.countRegularFiles(versionDir(c.node(3), "r1"))).isEqualTo(25);
            assertThat(repair.repairAll().repaired()).as("nothing left to do").isZero();

            c.crash(1);
            Map<String, byte[]> back = await().atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> c.handle(client).weightStore("r1", SMALL).pull(0), v -> v != null);
            assertThat(back.get("w")).isEqualTo(BYTES);
        }
    }

    @Test
    void aVersionDroppedBetweenCopyAndRecordLeavesNoBlobsBehind() throws IOException {
        try (StateCluster c = StateCluster.start(2, BlobHostingNode::start)) {
            Scene s = lose(c, "r2");
            try (WeightRepair repair = new WeightRepair(s.client())) {
                WeightRepair.Tally t = new WeightRepair.Tally();
                WeightRepair.Plan plan = repair.copy("r2", 0, s.manifest(), t);
                assertThat(plan.copies).hasSize(25);
                assertThat(TestFiles.countRegularFiles(versionDir(c.node(3), "r2")))
                        .as("copies made")
                        .isEqualTo(25);

                // The drop un-commits and removes what the manifest names: nodes 0 (gone) and 1, not the newcomer.
                s.store().drop(0);
                assertThat(TestFiles.countRegularFiles(versionDir(c.node(3), "r2")))
                        .as("the drop did not know the copies")
                        .isEqualTo(25);

                repair.record(s.cache(), plan, t);

                assertThat(s.cache().get(0L)).isNull();
                assertThat(versionDir(c.node(3), "r2")).doesNotExist();
                assertThat(versionDir(c.node(1), "r2")).doesNotExist();
            }
        }
    }

    @Test
    void aRepairRecordedBeforeADropIsRemovedByTheDrop() throws IOException {
        try (StateCluster c = StateCluster.start(2, BlobHostingNode::start)) {
            Scene s = lose(c, "r3");
            try (WeightRepair repair = new WeightRepair(s.client())) {
                repair.repairAll();
                assertThat(s.cache().get(0L).allHolders())
                        .contains(c.node(3).cluster().localNode().id());

                s.store().drop(0);

                assertThat(versionDir(c.node(3), "r3")).doesNotExist();
                assertThat(versionDir(c.node(1), "r3")).doesNotExist();
                assertThat(Arrays.asList(repair.check().lost(), repair.check().chunks()))
                        .containsExactly(0, 0);
            }
        }
    }
}
