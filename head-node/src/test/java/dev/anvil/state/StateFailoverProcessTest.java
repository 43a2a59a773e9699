package dev.anvil.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.WeightStore;
import dev.anvil.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Kill -9 of a server process while weights are pulled and a replay buffer is in use: nothing is lost. */
class StateFailoverProcessTest {

    @Test
    void pullsCompleteWithTheRightBytesAndTheBufferKeepsEveryEntryWhenAServerIsKilled() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (ProcessCluster cluster = ProcessCluster.builder().workers(3).stateRegion("192m").start();
                Anvil anvil = Anvil.connect(cluster.address())) {
            byte[] weights = new byte[32 << 20];
            new Random(11).nextBytes(weights);
            WeightStore ws = anvil.weightStore("policy");
            ws.push(7, Map.of("model", weights));

            ReplayBuffer<Integer> buf = anvil.replayBuffer("episodes", Integer.class,
                    ReplayBufferConfig.builder().batchSize(16).build());
            buf.addAll(IntStream.range(0, 1_000).boxed().toList(), 7);

            // Pull again and again from another thread; the kill lands in the middle of one of the pulls.
            AtomicInteger pulls = new AtomicInteger();
            List<Long> pullMillis = new ArrayList<>();
            Future<?> puller = pool.submit(() -> {
                for (int i = 0; i < 12; i++) {
                    long t0 = System.nanoTime();
                    byte[] got = ws.pull(7).get("model");
                    pullMillis.add((System.nanoTime() - t0) / 1_000_000);
                    assertThat(got).as("pull %d", i).isEqualTo(weights);
                    pulls.incrementAndGet();
                }
            });
            await().atMost(Duration.ofSeconds(60)).until(() -> pulls.get() >= 2 || puller.isDone());
            cluster.kill9(cluster.worker(1));
            puller.get(120, TimeUnit.SECONDS);
            System.out.println("pull times around the kill (ms): " + pullMillis);

            assertThat(ws.latestVersion()).isEqualTo(7);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(buf.size()).isEqualTo(1_000));
            List<List<Integer>> batch = buf.sample(7);
            assertThat(batch.get(0)).hasSize(16).doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }
}
