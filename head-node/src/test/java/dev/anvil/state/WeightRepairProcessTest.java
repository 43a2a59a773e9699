package dev.anvil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.weights.WeightRepair;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.WeightStore;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.apache.ignite.Ignite;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 of a worker process, then of a second one after the head re-replicated: the weights are still all there.
 * The head, the workers and the test are separate processes; the copies go from a survivor to a new holder.
 */
@ProcessTest
class WeightRepairProcessTest {

    @Test
    void afterTheHeadRepairsAVersionSurvivesASecondKill() {
        try (ProcessCluster cluster =
                        ProcessCluster.builder().workers(3).stateRegion("128m").start();
                Anvil anvil = Anvil.connect(cluster.address())) {
            byte[] weights = new byte[64 << 20];
            new Random(3).nextBytes(weights);
            WeightStore ws = anvil.weightStore("policy");
            ws.push(1, Map.of("model", weights));
            Ignite client = Clusters.ignite(anvil);

            try (WeightRepair view = new WeightRepair(client)) {
                assertThat(view.check().healthy()).isTrue();
                long start = System.nanoTime();
                cluster.kill9(cluster.worker(0));
                await().atMost(Duration.ofSeconds(60))
                        .pollInterval(Duration.ofMillis(20))
                        .ignoreExceptions()
                        .untilAsserted(() -> {
                            assertThat(client.cluster().forServers().nodes()).hasSize(3); // head and two workers
                            assertThat(view.check())
                                    .as("chunks short of live holders")
                                    .matches(WeightRepair.Report::healthy);
                        });
                System.out.printf(
                        "weight repair after kill -9: %d MiB, %d chunks, two live copies again after %d ms%n",
                        weights.length >> 20, view.check().chunks(), (System.nanoTime() - start) / 1_000_000);
            }

            // The manifest has one backup: wait until it is on both workers left (late affinity: after rebalancing).
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> client.affinity("anvil-weights-policy-manifests")
                                    .mapKeyToPrimaryAndBackups(1L)
                                    .size()
                            == 2);
            cluster.kill9(cluster.worker(1));

            byte[] back = await().atMost(Duration.ofSeconds(60))
                    .ignoreExceptions()
                    .until(() -> ws.pull(1).get("model"), b -> b != null);
            assertThat(back).isEqualTo(weights);
        }
    }
}
