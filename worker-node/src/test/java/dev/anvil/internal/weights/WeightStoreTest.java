package dev.anvil.internal.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.Tensor;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.sdk.WeightVersionException;
import dev.anvil.testkit.StateCluster;
import dev.anvil.testkit.TestBytes;
import dev.anvil.testkit.TestFiles;
import dev.anvil.worker.blobs.BlobHostingNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Versioned weights on two real server nodes, pushed and pulled through client nodes. */
class WeightStoreTest {
    private static StateCluster cluster;
    private static Anvil pusher;
    private static Anvil puller;

    @BeforeAll
    static void start() {
        cluster = StateCluster.start(2, BlobHostingNode::start);
        pusher = cluster.client();
        puller = cluster.client();
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static String unique(TestInfo info) {
        return info.getTestMethod().orElseThrow().getName();
    }

    private static WeightStoreConfig smallChunks() {
        return smallChunks(true);
    }

    /** Small chunks; {@code sharedMemory false}: blobs go over TCP, as from a reader on another host. */
    private static WeightStoreConfig smallChunks(boolean sharedMemory) {
        return WeightStoreConfig.builder()
                .chunkBytes(4096)
                .retainVersions(WeightStoreConfig.KEEP_ALL)
                .sharedMemory(sharedMemory)
                .build();
    }

    /** A store name per test method and data path. */
    private static String unique(TestInfo info, boolean sharedMemory) {
        return unique(info) + (sharedMemory ? "-shm" : "-tcp");
    }

    @ParameterizedTest(name = "sharedMemory={0}")
    @ValueSource(booleans = {true, false})
    void pullReturnsWhatWasPushedByteExactInOrderAcrossChunkBoundaries(boolean sharedMemory, TestInfo info) {
        String name = unique(info, sharedMemory);
        WeightStore ws = pusher.weightStore(name, smallChunks(sharedMemory));
        Map<String, byte[]> w = new LinkedHashMap<>();
        w.put("layer1.weight", TestBytes.bytes(1, 4096 * 3 + 17)); // several chunks and a short last one
        w.put("layer0.bias", TestBytes.bytes(2, 5));
        w.put("empty", new byte[0]);
        w.put("exact", TestBytes.bytes(3, 4096 * 2));
        ws.push(0, w);

        Map<String, byte[]> back =
                puller.weightStore(name, smallChunks(sharedMemory)).pull(0);
        assertThat(back.keySet()).containsExactly("layer1.weight", "layer0.bias", "empty", "exact");
        w.forEach((k, v) -> assertThat(back.get(k)).as(k).isEqualTo(v));
    }

    @ParameterizedTest(name = "sharedMemory={0}")
    @ValueSource(booleans = {true, false})
    void tensorsKeepTheirValuesAndShapes(boolean sharedMemory, TestInfo info) {
        String name = unique(info, sharedMemory);
        WeightStore ws = pusher.weightStore(name, smallChunks(sharedMemory));
        float[] values = new float[3 * 2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 7;
        }
        Tensor t = new Tensor(values, new long[] {3, 2000});
        ws.pushTensors(4, Map.of("w", t, "b", Tensor.of(1f, Float.NaN, -0f)));
        Map<String, Tensor> back =
                puller.weightStore(name, smallChunks(sharedMemory)).pullTensors(4);
        assertThat(back.get("w")).isEqualTo(t);
        assertThat(back.get("w").shape()).containsExactly(3, 2000);
        assertThat(back.get("b")).isEqualTo(Tensor.of(1f, Float.NaN, -0f));
        assertThat(ws.pull(4).get("b"))
                .as("byte form: little-endian float32")
                .hasSize(12)
                .startsWith(0x00, 0x00, 0x80, 0x3f);
    }

    @Test
    void latestVersionDropAndUnknownVersions(TestInfo info) {
        WeightStore ws = pusher.weightStore(unique(info), smallChunks());
        assertThat(ws.latestVersion()).isEqualTo(-1);
        ws.push(1, Map.of("a", TestBytes.bytes(1, 10)));
        ws.push(3, Map.of("a", TestBytes.bytes(3, 10)));
        ws.push(2, Map.of("a", TestBytes.bytes(2, 10)));
        assertThat(puller.weightStore(unique(info)).latestVersion()).isEqualTo(3);
        ws.drop(3);
        assertThat(ws.latestVersion()).isEqualTo(2);
        assertThatThrownBy(() -> ws.pull(3))
                .isInstanceOf(WeightVersionException.class)
                .hasMessageContaining("unknown weight version")
                .hasMessageContaining("version=3");
        assertThatThrownBy(() -> ws.drop(3)).isInstanceOf(WeightVersionException.class);
        assertThatThrownBy(() -> ws.pull(42))
                .isInstanceOf(WeightVersionException.class)
                .hasMessageContaining("store=" + unique(info));
        assertThatThrownBy(() -> ws.pullTensors(2))
                .isInstanceOf(WeightVersionException.class)
                .hasMessageContaining("raw bytes");
    }

    @Test
    void pushingAVersionTwiceFailsAndKeepsTheFirst(TestInfo info) {
        WeightStore ws = pusher.weightStore(unique(info), smallChunks());
        byte[] first = TestBytes.bytes(1, 10_000);
        ws.push(5, Map.of("a", first));
        assertThatThrownBy(() -> puller.weightStore(unique(info)).push(5, Map.of("a", TestBytes.bytes(2, 10_000))))
                .isInstanceOf(WeightVersionException.class)
                .hasMessageContaining("already exists")
                .hasMessageContaining("version=5");
        assertThat(ws.pull(5).get("a")).isEqualTo(first);
        assertThatThrownBy(() -> ws.push(-1, Map.of("a", first))).isInstanceOf(WeightVersionException.class);
        assertThatThrownBy(() -> ws.push(6, Map.of())).isInstanceOf(IllegalArgumentException.class);
        assertThat(ws.latestVersion()).isEqualTo(5);
    }

    @ParameterizedTest(name = "sharedMemory={0}")
    @ValueSource(booleans = {true, false})
    void retentionKeepsTheNewestVersions(boolean sharedMemory, TestInfo info) {
        String name = unique(info, sharedMemory);
        WeightStore ws = pusher.weightStore(
                name,
                WeightStoreConfig.builder()
                        .chunkBytes(4096)
                        .retainVersions(2)
                        .sharedMemory(sharedMemory)
                        .build());
        for (long v = 0; v < 5; v++) {
            ws.push(v, Map.of("a", TestBytes.bytes(v, 9000)));
        }
        assertThat(ws.latestVersion()).isEqualTo(4);
        assertThat(ws.pull(3).get("a")).isEqualTo(TestBytes.bytes(3, 9000));
        // Old versions go right after a push returns, off the pusher's path.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThatThrownBy(() -> ws.pull(2)).isInstanceOf(WeightVersionException.class);
            assertThat(blobFiles(name))
                    .as("dropped versions leave no chunks: 2 versions x 3 chunks x 2 copies")
                    .hasSize(12)
                    .allMatch(p -> p.getParent().getFileName().toString().matches("[34]"));
        });
    }

    @Test
    void aPullLeavesNoBlobMappedSoADroppedVersionFreesItsMemoryAtOnce(TestInfo info) throws IOException {
        WeightStore ws = pusher.weightStore(
                unique(info), WeightStoreConfig.builder().chunkBytes(1 << 20).build());
        byte[] big = TestBytes.bytes(21, 3 << 20);
        ws.push(1, Map.of("w", big));
        // A pull in this JVM reads through shared memory, mapping each chunk of 1 MiB.
        assertThat(puller.weightStore(unique(info), WeightStoreConfig.defaults())
                        .pull(1)
                        .get("w"))
                .isEqualTo(big);
        assertThat(Files.readAllLines(Path.of("/proc/self/maps")))
                .as("no chunk of the store is still mapped (pages of removed blobs would stay allocated)")
                .noneMatch(line -> line.contains("/" + unique(info) + "/"));
    }

    @Test
    void overTcpTheFirstHolderPassesEachChunkOnSoTheWriterSendsItOnce(TestInfo info) throws IOException {
        WeightStore ws = pusher.weightStore(
                unique(info),
                WeightStoreConfig.builder()
                        .chunkBytes(1 << 20)
                        .sharedMemory(false)
                        .build());
        byte[] w = TestBytes.bytes(31, (3 << 20) + 7);
        ws.push(1, Map.of("w", w));
        assertThat(puller.weightStore(unique(info), WeightStoreConfig.defaults())
                        .pull(1)
                        .get("w"))
                .isEqualTo(w);
        List<Path> files = blobFiles(unique(info));
        assertThat(files).as("4 chunks x 2 holders").hasSize(8);
        for (Path f : files) {
            // Both holders share this host: the second copy, made by the first holder, is a hard link.
            assertThat((Integer) Files.getAttribute(f, "unix:nlink"))
                    .as(f.toString())
                    .isEqualTo(2);
        }
    }

    /** Every chunk file of {@code store} in the data nodes' blob directories. */
    static List<Path> blobFiles(String store) {
        List<Path> files = new ArrayList<>();
        for (ClusterNode n : cluster.node(0).cluster().forServers().nodes()) {
            Path dir = Path.of((String) n.attribute(NodeAttributes.BLOB_DIR)).resolve(store);
            files.addAll(TestFiles.regularFiles(dir));
        }
        return files;
    }

    @Test
    void listenersHearEachCommittedVersionOnceAndNeverAPendingOne(TestInfo info) throws Exception {
        WeightStore ws = pusher.weightStore(unique(info), smallChunks());
        List<Long> heard = new CopyOnWriteArrayList<>();
        List<Integer> sizesSeen = new CopyOnWriteArrayList<>();
        WeightStore listenerSide = puller.weightStore(unique(info), smallChunks());
        try (AutoCloseable sub = listenerSide.onNewVersion(v -> {
            heard.add(v);
            sizesSeen.add(listenerSide.pull(v).get("a").length); // a listener may pull: the version is complete
        })) {
            for (long v = 10; v < 13; v++) {
                ws.push(v, Map.of("a", TestBytes.bytes(v, 50_000)));
            }
            assertThatThrownBy(() -> ws.push(11, Map.of("a", new byte[1]))).isInstanceOf(WeightVersionException.class);
            ws.drop(10);
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(heard).containsExactly(10L, 11L, 12L));
            assertThat(sizesSeen).containsExactly(50_000, 50_000, 50_000);
        }
        ws.push(13, Map.of("a", new byte[1]));
        assertThat(ws.latestVersion()).isEqualTo(13);
        assertThat(heard).as("closed subscription hears nothing more").hasSize(3);
    }

    @ParameterizedTest(name = "sharedMemory={0}")
    @ValueSource(booleans = {true, false})
    void aServerCrashDuringPullsLosesNothing(boolean sharedMemory, TestInfo info) throws Exception {
        try (StateCluster c = StateCluster.start(3, BlobHostingNode::start)) {
            Anvil client = c.client();
            WeightStore ws = client.weightStore(
                    unique(info, sharedMemory),
                    WeightStoreConfig.builder()
                            .chunkBytes(64 << 10)
                            .sharedMemory(sharedMemory)
                            .build());
            byte[] big = TestBytes.bytes(9, 6 << 20);
            ws.push(1, Map.of("w", big));
            assertThat(ws.pull(1).get("w")).isEqualTo(big); // pooled connections to every holder are open now

            // Pulls run while a holder goes: those that overlap the crash and those after it get every byte.
            AtomicBoolean crashed = new AtomicBoolean();
            AtomicInteger pullsAfterCrash = new AtomicInteger();
            AtomicInteger pullsDone = new AtomicInteger();
            List<Integer> mismatches = new CopyOnWriteArrayList<>();
            CompletableFuture<Integer> puller = CompletableFuture.supplyAsync(() -> {
                int pulls = 0;
                while (pullsAfterCrash.get() < 3) {
                    boolean after = crashed.get();
                    if (!Arrays.equals(ws.pull(1).get("w"), big)) {
                        mismatches.add(pulls);
                    }
                    pulls++;
                    pullsDone.incrementAndGet();
                    if (after) {
                        pullsAfterCrash.incrementAndGet();
                    }
                }
                return pulls;
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> puller.isDone() || pullsDone.get() >= 2);
            c.crash(1);
            crashed.set(true);
            int pulls = puller.get(60, TimeUnit.SECONDS);
            System.out.println("pulls through a holder crash [sharedMemory=" + sharedMemory + "]: " + pulls);
            assertThat(mismatches).isEmpty();
            assertThat(ws.pull(1).get("w")).isEqualTo(big);
        }
    }
}
