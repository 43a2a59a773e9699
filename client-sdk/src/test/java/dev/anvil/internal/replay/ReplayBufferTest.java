package dev.anvil.internal.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.ElementNotStorableException;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.ReplayBufferMismatchException;
import dev.anvil.testkit.StateCluster;
import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** TorchForge replay-buffer semantics on two real server nodes, used through a client node. */
class ReplayBufferTest {
    private static StateCluster cluster;
    private static Anvil anvil;

    /** A serializable record element. */
    record Episode(int id, String text) implements Serializable {}

    /** A record that is not Serializable: stored through Jackson. */
    record Plain(int id, List<String> tokens) {}

    /** A POJO that is not Serializable, with a no-argument constructor: stored through Jackson. */
    static final class Pojo {
        private int id;
        private double[] values;

        Pojo() {}

        Pojo(int id, double[] values) {
            this.id = id;
            this.values = values;
        }
    }

    /** Neither Serializable nor constructible. */
    static final class Opaque {
        private final Thread owner;

        Opaque(Thread owner) {
            this.owner = owner;
        }
    }

    @BeforeAll
    static void start() {
        cluster = StateCluster.start(2);
        anvil = cluster.client();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static ReplayBufferConfig.Builder cfg() {
        return ReplayBufferConfig.builder().batchSize(4).dpSize(2).seed(7);
    }

    private static String unique(TestInfo info) {
        return info.getTestMethod().orElseThrow().getName();
    }

    @Test
    void sampleReturnsDpSizeListsOfBatchSizeWithoutReplacementOrNullWhenTooFew(TestInfo info) {
        ReplayBuffer<Episode> buf = anvil.replayBuffer(unique(info), Episode.class, cfg().build());
        for (int i = 0; i < 7; i++) {
            buf.add(new Episode(i, "e" + i), 0);
        }
        assertThat(buf.sample(0)).as("7 entries cannot fill 2 x 4").isNull();
        assertThat(buf.size()).as("a null sample marks nothing sampled").isEqualTo(7);

        buf.add(new Episode(7, "e7"), 0);
        List<List<Episode>> batch = buf.sample(0);
        assertThat(batch).hasSize(2).allSatisfy(l -> assertThat(l).hasSize(4));
        assertThat(batch.stream().flatMap(List::stream).map(Episode::id))
                .as("without replacement, every element once")
                .containsExactlyInAnyOrder(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(buf.size())
                .as("maxResampleCount 0: sampled entries are gone")
                .isZero();
        assertThat(buf.sample(0)).isNull();
    }

    @Test
    void eachElementIsSampledAtMostMaxResampleCountPlusOneTimes(TestInfo info) {
        ReplayBuffer<Integer> buf = anvil.replayBuffer(
                unique(info),
                Integer.class,
                ReplayBufferConfig.builder()
                        .batchSize(2)
                        .maxResampleCount(2)
                        .seed(1)
                        .build());
        buf.addAll(List.of(1, 2, 3, 4), 0);
        int[] counts = new int[5];
        List<List<Integer>> b;
        int draws = 0;
        while ((b = buf.sample(0)) != null) {
            b.get(0).forEach(v -> counts[v]++);
            draws++;
        }
        // 12 samples in draws of 2 distinct elements: the last element may be left alone with samples to spare.
        assertThat(draws).isBetween(5, 6);
        assertThat(IntStream.of(counts).max().getAsInt()).isLessThanOrEqualTo(3);
        assertThat(IntStream.of(counts).sum()).isEqualTo(2 * draws);
        assertThat(buf.size()).isEqualTo(12 - 2 * draws == 0 ? 0 : 1);
    }

    @Test
    void entriesOlderThanMaxPolicyAgeAreEvicted(TestInfo info) {
        ReplayBuffer<Integer> buf = anvil.replayBuffer(
                unique(info),
                Integer.class,
                ReplayBufferConfig.builder().batchSize(2).maxPolicyAge(1).build());
        buf.addAll(List.of(10, 11), 3);
        buf.addAll(List.of(20, 21), 4);
        buf.addAll(List.of(30, 31), 5);
        buf.evict(5);
        assertThat(buf.size()).as("version 3 is 2 behind 5").isEqualTo(4);
        List<List<Integer>> b = buf.sample(6);
        assertThat(b.get(0)).as("only version 5 is fresh for 6").containsExactlyInAnyOrder(30, 31);
        assertThat(buf.size()).isZero();
    }

    @Test
    void maxBufferSizeDropsTheOldest(TestInfo info) {
        ReplayBuffer<Integer> buf = anvil.replayBuffer(
                unique(info),
                Integer.class,
                ReplayBufferConfig.builder().batchSize(3).maxBufferSize(5).build());
        for (int i = 0; i < 12; i++) {
            buf.add(i, 0);
        }
        assertThat(buf.size()).isEqualTo(5);
        List<Integer> drawn = buf.sample(0).get(0);
        assertThat(drawn).allSatisfy(v -> assertThat(v).isBetween(7, 11));
    }

    @Test
    void clearEmptiesTheBuffer(TestInfo info) {
        ReplayBuffer<Integer> buf = anvil.replayBuffer(unique(info), Integer.class, cfg().build());
        buf.addAll(IntStream.range(0, 20).boxed().toList(), 0);
        assertThat(buf.size()).isEqualTo(20);
        buf.clear();
        assertThat(buf.size()).isZero();
        assertThat(buf.sample(0)).isNull();
    }

    @Test
    void theSameSeedAndContentsGiveTheSameSamples(TestInfo info) {
        ReplayBufferConfig c = ReplayBufferConfig.builder()
                .batchSize(5)
                .maxResampleCount(3)
                .seed(99)
                .build();
        ReplayBuffer<Integer> a = anvil.replayBuffer(unique(info) + "-a", Integer.class, c);
        ReplayBuffer<Integer> b = anvil.replayBuffer(unique(info) + "-b", Integer.class, c);
        for (int i = 0; i < 50; i++) {
            a.add(i, 0);
            b.add(i, 0);
        }
        for (int draw = 0; draw < 5; draw++) {
            assertThat(a.sample(0)).isEqualTo(b.sample(0));
        }
    }

    @Test
    void stateDictRoundTripsExactly(TestInfo info) {
        ReplayBufferConfig c = ReplayBufferConfig.builder()
                .batchSize(3)
                .maxResampleCount(2)
                .seed(5)
                .build();
        ReplayBuffer<Episode> a = anvil.replayBuffer(unique(info) + "-a", Episode.class, c);
        for (int i = 0; i < 30; i++) {
            a.add(new Episode(i, "text-" + i), i % 3);
        }
        a.sample(2);
        a.sample(2);
        byte[] state = a.stateDict();

        ReplayBuffer<Episode> b = anvil.replayBuffer(unique(info) + "-b", Episode.class, c);
        b.add(new Episode(-1, "overwritten"), 0);
        b.loadStateDict(state);
        assertThat(b.stateDict()).isEqualTo(state);
        assertThat(b.size()).isEqualTo(a.size());
        for (int draw = 0; draw < 4; draw++) {
            assertThat(b.sample(2)).as("same state, same draws").isEqualTo(a.sample(2));
        }
    }

    @Test
    void loadStateDictRefusesForeignOrCorruptState(TestInfo info) {
        ReplayBuffer<Integer> a = anvil.replayBuffer(unique(info) + "-a", Integer.class, cfg().build());
        a.add(1, 0);
        ReplayBuffer<Integer> other = anvil.replayBuffer(
                unique(info) + "-b", Integer.class, cfg().seed(8).build());
        other.add(5, 0);
        assertThatThrownBy(() -> other.loadStateDict(a.stateDict()))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("another element type or configuration");
        assertThatThrownBy(() -> other.loadStateDict(new byte[] {1, 2, 3}))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("corrupt");
        assertThat(other.size()).as("nothing changed").isEqualTo(1);
    }

    @Test
    void reusingANameWithAnotherConfigOrTypeFails(TestInfo info) {
        String name = unique(info);
        ReplayBuffer<Integer> first = anvil.replayBuffer(name, Integer.class, cfg().build());
        first.add(1, 0);
        first.flush(); // another handle reads it: adds are visible to other handles once stored
        assertThat(anvil.replayBuffer(name, Integer.class, cfg().build()).size())
                .isEqualTo(1);
        assertThatThrownBy(() -> anvil.replayBuffer(
                        name, Integer.class, cfg().batchSize(5).build()))
                .isInstanceOf(ReplayBufferMismatchException.class)
                .hasMessageContaining("batchSize=5")
                .hasMessageContaining("name=" + name);
        assertThatThrownBy(() -> anvil.replayBuffer(name, String.class, cfg().build()))
                .isInstanceOf(ReplayBufferMismatchException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void recordsAndPojosThatAreNotSerializableAreStoredTypesThatCannotBeAreRefused(TestInfo info) {
        ReplayBuffer<Plain> records = anvil.replayBuffer(
                unique(info) + "-r",
                Plain.class,
                ReplayBufferConfig.builder().batchSize(1).build());
        records.add(new Plain(3, List.of("a", "b")), 0);
        assertThat(records.sample(0).get(0)).containsExactly(new Plain(3, List.of("a", "b")));

        ReplayBuffer<Pojo> pojos = anvil.replayBuffer(
                unique(info) + "-p",
                Pojo.class,
                ReplayBufferConfig.builder().batchSize(1).build());
        pojos.add(new Pojo(4, new double[] {1.5, 2.5}), 0);
        Pojo back = pojos.sample(0).get(0).get(0);
        assertThat(back.id).isEqualTo(4);
        assertThat(back.values).containsExactly(1.5, 2.5);

        assertThatThrownBy(() -> anvil.replayBuffer(
                        unique(info) + "-o",
                        Opaque.class,
                        ReplayBufferConfig.builder().batchSize(1).build()))
                .isInstanceOf(ElementNotStorableException.class)
                .hasMessageContaining(Opaque.class.getName());
        assertThatThrownBy(() -> anvil.replayBuffer(
                                unique(info) + "-n",
                                Object.class,
                                ReplayBufferConfig.builder().batchSize(1).build())
                        .add(new Opaque(Thread.currentThread()), 0))
                .isInstanceOf(ElementNotStorableException.class);
    }

    @Test
    void killingOneServerLosesNothing(TestInfo info) {
        try (StateCluster c = StateCluster.start(2)) {
            Anvil client = c.client();
            ReplayBuffer<Integer> buf = client.replayBuffer(
                    unique(info),
                    Integer.class,
                    ReplayBufferConfig.builder().batchSize(10).build());
            buf.addAll(IntStream.range(0, 200).boxed().toList(), 0);
            c.crash(0);
            long start = System.nanoTime();
            long first = buf.size();
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(buf.size()).isEqualTo(200));
            System.out.printf(
                    "after the crash: size %d at once, 200 after %d ms%n",
                    first, (System.nanoTime() - start) / 1_000_000);
            assertThat(buf.sample(0).get(0)).hasSize(10);
        }
    }
}
