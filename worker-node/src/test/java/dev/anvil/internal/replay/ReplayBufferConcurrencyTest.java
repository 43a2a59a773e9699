package dev.anvil.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.WeightStore;
import dev.anvil.testkit.StateCluster;
import dev.anvil.worker.blobs.BlobHostingNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Producers and samplers in different processes (client nodes) at once. */
class ReplayBufferConcurrencyTest {
    private static StateCluster cluster;
    private static Anvil a;
    private static Anvil b;
    private final ExecutorService pool = Executors.newFixedThreadPool(6);

    @BeforeAll
    static void start() {
        cluster = StateCluster.start(2, BlobHostingNode::start);
        a = cluster.client();
        b = cluster.client();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void concurrentSamplersNeverTakeAnElementMoreThanMaxResampleCountPlusOneTimes() throws Exception {
        ReplayBufferConfig cfg = ReplayBufferConfig.builder()
                .batchSize(8)
                .maxResampleCount(1)
                .seed(3)
                .build();
        int perProducer = 300;
        List<Future<?>> producers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            int producer = p;
            ReplayBuffer<Integer> buf = (p % 2 == 0 ? a : b).replayBuffer("shared", Integer.class, cfg);
            producers.add(pool.submit(() -> {
                for (int i = 0; i < perProducer; i++) {
                    buf.add(producer * 1_000 + i, 0);
                }
                buf.flush();
            }));
        }
        Map<Integer, AtomicInteger> counts = new ConcurrentHashMap<>();
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Future<?>> samplers = new ArrayList<>();
        for (Anvil client : List.of(a, b)) {
            ReplayBuffer<Integer> buf = client.replayBuffer("shared", Integer.class, cfg);
            samplers.add(pool.submit(() -> {
                // Sample while producers run, then drain until nothing is left to draw.
                while (true) {
                    boolean wasProducing = producing.get();
                    List<List<Integer>> batch = buf.sample(0);
                    if (batch == null) {
                        if (!wasProducing) {
                            return;
                        }
                        continue;
                    }
                    assertThat(batch.get(0)).doesNotHaveDuplicates();
                    batch.get(0)
                            .forEach(v -> counts.computeIfAbsent(v, k -> new AtomicInteger())
                                    .incrementAndGet());
                }
            }));
        }
        for (Future<?> f : producers) {
            f.get(60, TimeUnit.SECONDS);
        }
        producing.set(false);
        for (Future<?> f : samplers) {
            f.get(60, TimeUnit.SECONDS);
        }
        int total = counts.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.printf("concurrent sampling: %d elements sampled %d times in all%n", counts.size(), total);
        assertThat(counts.values()).allSatisfy(n -> assertThat(n.get()).isBetween(1, 2));
        assertThat(counts.keySet()).allSatisfy(v -> assertThat(v % 1_000).isLessThan(perProducer));
        // Drained: fewer than 8 distinct elements are left, each with at most 2 samples to spare.
        assertThat(total).isGreaterThanOrEqualTo(4 * perProducer * 2 - 2 * 7);
    }

    @Test
    void maxPolicyAgeZeroDoesNotDeadlockAProducerAndATrainer() throws Exception {
        ReplayBufferConfig cfg =
                ReplayBufferConfig.builder().batchSize(4).maxPolicyAge(0).build();
        WeightStore weights = a.weightStore("policy-age-zero");
        weights.push(0, Map.of("w", new byte[] {0}));
        AtomicLong trainerSteps = new AtomicLong();
        // The generator tags its data with the newest weights it can see, as a generator that syncs weights does.
        ReplayBuffer<Long> generatorSide = b.replayBuffer("age-zero", Long.class, cfg);
        WeightStore generatorWeights = b.weightStore("policy-age-zero");
        pool.submit(() -> {
            long n = 0;
            while (!Thread.currentThread().isInterrupted()) {
                generatorSide.add(n++, generatorWeights.latestVersion());
            }
        });
        ReplayBuffer<Long> trainerSide = a.replayBuffer("age-zero", Long.class, cfg);
        pool.submit(() -> {
            long version = 0;
            while (!Thread.currentThread().isInterrupted()) {
                if (trainerSide.sample(version) != null) {
                    version++;
                    weights.push(version, Map.of("w", new byte[] {(byte) version}));
                    trainerSteps.set(version);
                }
            }
        });
        await().atMost(Duration.ofSeconds(45))
                .untilAsserted(() -> assertThat(trainerSteps.get()).isGreaterThanOrEqualTo(5));
    }
}
