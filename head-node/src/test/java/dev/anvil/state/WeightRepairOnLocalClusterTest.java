package dev.anvil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.weights.WeightRepair;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.TestFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.Ignition;
import org.apache.ignite.cache.CachePeekMode;
import org.junit.jupiter.api.Test;

/**
 * The head re-replicates weight chunks after a worker leaves, so the store survives a second loss: three workers, a
 * 64 MiB version, one worker stopped (its chunks get a new holder), a version dropped while the repair runs (none of
 * its blobs stay), then a second original holder stopped and the version pulled byte-exact from the last worker.
 */
class WeightRepairOnLocalClusterTest {
    private static final String STORE = "repair";
    private static final int TENSOR_BYTES = 16 << 20;

    @Test
    void theHeadRestoresTwoLiveCopiesAfterAWorkerLeavesSoASecondLossLosesNothing() throws IOException {
        try (Anvil anvil = Anvil.local(3)) {
            Ignite head = Clusters.ignite(anvil);
            WeightStore ws = anvil.weightStore(
                    STORE,
                    WeightStoreConfig.builder()
                            .retainVersions(WeightStoreConfig.KEEP_ALL)
                            .build());
            Map<String, byte[]> weights = new LinkedHashMap<>();
            Random rnd = new Random(5);
            for (int i = 0; i < 4; i++) {
                byte[] b = new byte[TENSOR_BYTES];
                rnd.nextBytes(b);
                weights.put("layer" + i, b);
            }
            ws.push(1, weights);
            ws.push(2, Map.of("small", new byte[3 << 20]));
            List<Ignite> workers = Ignition.allGrids().stream()
                    .filter(g -> g.name().startsWith(head.name().replace("-head", "-worker-")))
                    .sorted(Comparator.comparing(Ignite::name))
                    .toList();
            assertThat(workers).hasSize(3);

            try (WeightRepair view = new WeightRepair(head)) {
                assertThat(view.check().healthy()).isTrue();

                long start = System.nanoTime();
                Ignition.stop(workers.get(0).name(), true);
                ws.drop(2); // while the head repairs it
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .ignoreExceptions()
                        .untilAsserted(() -> {
                            assertThat(holders(head)).isEqualTo(2);
                            assertThat(view.check())
                                    .as("chunks short of live holders")
                                    .matches(WeightRepair.Report::healthy);
                        });
                long repairMs = (System.nanoTime() - start) / 1_000_000;
                WeightRepair.Report r = view.check();
                System.out.printf(
                        "weight repair: %d MiB, %d chunks, two live copies again %d ms after the worker " + "stopped%n",
                        4 * TENSOR_BYTES >> 20, r.chunks(), repairMs);
                assertThat(r.versions()).isEqualTo(1);
                for (Ignite w : workers.subList(1, 3)) {
                    assertThat(blobFiles(w, STORE + "/2"))
                            .as("blobs of the dropped version on " + w.name())
                            .isZero();
                    assertThat(blobFiles(w, STORE + "/1"))
                            .as("every chunk on each of the 2 workers left")
                            .isEqualTo(r.chunks());
                }
            }

            // The manifests must be on both workers left before the second one goes (they have one backup).
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> workers.subList(1, 3).stream()
                            .allMatch(w -> manifests(w).localSize(CachePeekMode.PRIMARY, CachePeekMode.BACKUP)
                                    == manifests(w).size()));
            Ignition.stop(workers.get(1).name(), true);

            Map<String, byte[]> back =
                    await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> ws.pull(1), v -> v != null);
            assertThat(back.keySet()).containsExactlyElementsOf(weights.keySet());
            weights.forEach((k, v) -> assertThat(back.get(k)).as(k).isEqualTo(v));
        }
    }

    private static IgniteCache<Long, Object> manifests(Ignite node) {
        return node.cache("anvil-weights-" + STORE + "-manifests");
    }

    private static int holders(Ignite head) {
        return head.cluster().forServers().nodes().stream()
                .filter(n -> n.attribute(NodeAttributes.BLOB_ADDRESS) != null)
                .toList()
                .size();
    }

    private static long blobFiles(Ignite worker, String relative) {
        return TestFiles.countRegularFiles(
                Path.of(worker.cluster().localNode().<String>attribute(NodeAttributes.BLOB_DIR))
                        .resolve(relative));
    }
}
