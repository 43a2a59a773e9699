package dev.anvil.head.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.WeightStore;
import dev.anvil.testkit.Clusters;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

/** The status shows each worker's blob server and what its holder keeps: what a push stored, what retention removed. */
class BlobStatusTest {
    /** One chunk of 300 KB and two of a 5 MiB tensor (4 MiB chunks). */
    private static final Map<String, byte[]> WEIGHTS = Map.of("small", new byte[300_000], "large", new byte[5 << 20]);

    private static final long PAYLOAD = 300_000 + (5 << 20);

    @Test
    void showsEachWorkersBlobServerAndTheBytesAndVersionsItHolds() throws Exception {
        try (Anvil anvil = Anvil.local(2)) {
            Ignite ignite = Clusters.ignite(anvil);
            StatusCollector collector = new StatusCollector(ig -> List.of(), ig -> List.of());
            WeightStore ws = anvil.weightStore("status-policy");
            ws.push(1, WEIGHTS);

            ClusterStatus s = collector.collect(ignite);

            assertThat(s.warnings()).isEmpty();
            assertThat(s.nodesWithRole("head")).singleElement().satisfies(h -> {
                assertThat(h.blobAddress()).isNull();
                assertThat(h.blobs()).isNull();
            });
            // Two copies of every chunk, two workers: each holds all three; on one host the second is a hard link.
            assertThat(s.nodesWithRole("worker")).hasSize(2).allSatisfy(w -> {
                Object advertised =
                        ignite.cluster().node(java.util.UUID.fromString(w.id())).attribute(NodeAttributes.BLOB_ADDRESS);
                assertThat(w.blobAddress()).isEqualTo(advertised);
                assertThat(w.blobs().bytes()).isEqualTo(PAYLOAD);
                assertThat(w.blobs().blobs()).isEqualTo(3);
                assertThat(w.blobs().versions()).isEqualTo(1);
                assertThat(w.blobs().linkedBytes()).isEqualTo(PAYLOAD);
                assertThat(w.blobs().freeBytes()).isPositive();
            });

            String text = StatusFormat.text(s);
            System.out.print(text);
            assertThat(text)
                    .contains("Weight blobs", s.nodesWithRole("worker").get(0).blobAddress(), "5.3 MiB");
            JsonNode json = new ObjectMapper().readTree(StatusFormat.json(s));
            assertThat(json.path("nodes").get(1).path("blobs").path("bytes").asLong())
                    .isEqualTo(PAYLOAD);

            // Retention keeps the 2 newest versions, after the push returns.
            ws.push(2, WEIGHTS);
            ws.push(3, WEIGHTS);
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(collector.collect(ignite).nodesWithRole("worker"))
                            .allSatisfy(w -> {
                                assertThat(w.blobs().versions()).isEqualTo(2);
                                assertThat(w.blobs().bytes()).isEqualTo(2 * PAYLOAD);
                            }));
        }
    }
}
