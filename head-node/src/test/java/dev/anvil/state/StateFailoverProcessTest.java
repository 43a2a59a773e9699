package dev.anvil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.testkit.CallStream;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.Test;

/**
 * Kill -9 of a server process while weights are pulled and a replay buffer is in use: nothing is lost. Weights move
 * through shared memory (same host) or over TCP (what a reader on another host does); the killed holder's blob
 * directory is then removed by a surviving holder's janitor.
 */
@ProcessTest
class StateFailoverProcessTest {

    @Test
    void pullsCompleteWithTheRightBytesAndTheBufferKeepsEveryEntryWhenAServerIsKilled() throws Exception {
        try (ProcessCluster cluster = ProcessCluster.builder()
                        .workers(3)
                        .stateRegion("192m")
                        .javaOpts("-Danvil.blobs.sweepSeconds=2")
                        .start();
                Anvil anvil = Anvil.connect(cluster.address())) {
            byte[] weights = new byte[32 << 20];
            new Random(11).nextBytes(weights);
            // One store read through shared memory, one over TCP: one cluster (and one kill) tests both paths.
            WeightStore ws = anvil.weightStore("policy");
            WeightStore overTcp = anvil.weightStore(
                    "policy-tcp",
                    WeightStoreConfig.builder().sharedMemory(false).build());
            ws.push(7, Map.of("model", weights));
            overTcp.push(7, Map.of("model", weights));
            Path killedDir = blobDirOf(anvil, cluster.worker(1).name());
            assertThat(killedDir).isDirectory();

            ReplayBuffer<Integer> buf = anvil.replayBuffer(
                    "episodes",
                    Integer.class,
                    ReplayBufferConfig.builder().batchSize(16).build());
            buf.addAll(IntStream.range(0, 1_000).boxed().toList(), 7);

            // Pull again and again from another thread; the kill lands in the middle of one of the pulls.
            List<Long> shmMillis = new CopyOnWriteArrayList<>();
            List<Long> tcpMillis = new CopyOnWriteArrayList<>();
            try (CallStream puller = CallStream.builder("puller")
                    .maxCalls(16)
                    .stopOnFailure()
                    .start(i -> {
                        boolean tcp = i % 2 == 1;
                        long t0 = System.nanoTime();
                        byte[] got = (tcp ? overTcp : ws).pull(7).get("model");
                        (tcp ? tcpMillis : shmMillis).add((System.nanoTime() - t0) / 1_000_000);
                        assertThat(got)
                                .as("pull %d (%s)", i, tcp ? "TCP" : "shared memory")
                                .isEqualTo(weights);
                    })) {
                puller.faultAfter(3, Duration.ofSeconds(60), () -> cluster.kill9(cluster.worker(1)));
                puller.join(Duration.ofSeconds(120));
            }
            System.out.println("pull times around the kill (ms): shared memory " + shmMillis + ", TCP " + tcpMillis);

            assertThat(ws.latestVersion()).isEqualTo(7);
            assertThat(overTcp.latestVersion()).isEqualTo(7);
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(buf.size()).isEqualTo(1_000));
            List<List<Integer>> batch = buf.sample(7);
            assertThat(batch.get(0)).hasSize(16).doesNotHaveDuplicates();

            // Its lock died with it: a surviving holder's janitor (every 2 s here) frees the killed holder's memory.
            await().atMost(Duration.ofSeconds(60))
                    .untilAsserted(() -> assertThat(killedDir).doesNotExist());
            assertThat(ws.pull(7).get("model")).isEqualTo(weights);
            assertThat(overTcp.pull(7).get("model")).isEqualTo(weights);
        }
    }

    /** The blob directory the worker named {@code worker} advertises. */
    private static Path blobDirOf(Anvil anvil, String worker) {
        for (ClusterNode n : Clusters.ignite(anvil).cluster().forServers().nodes()) {
            String dir = n.attribute(NodeAttributes.BLOB_DIR);
            if (dir != null && Path.of(dir).getFileName().toString().startsWith(worker + "-")) {
                return Path.of(dir);
            }
        }
        throw new AssertionError("no blob holder named " + worker);
    }
}
