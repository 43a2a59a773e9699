package dev.anvil.state.bench;

import dev.anvil.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Distributed-state benchmark, everything measured side by side in one run on one cluster: a head and two worker
 * processes hold the state, two further client processes ({@link BenchNode}) produce, sample, push and pull.
 *
 * <ul>
 *   <li>replay {@code add} of 1 KiB elements by 4 producers (2 threads in each client), one by one and in batches,
 *       against Ignite's data streamer doing the same;</li>
 *   <li>{@code sample} of 16 from a 10,000-element buffer, p50 and p90;</li>
 *   <li>weights: client A pushes, client B pulls, once through the workers' shared-memory blob directories (what
 *       processes of one host do) and once over TCP only ({@code sharedMemory(false)}, what processes of different
 *       hosts do), against raw loopback TCP from A to B.</li>
 * </ul>
 *
 * <p>Run: {@code bin/bench-state} (see BENCHMARKS.md). System properties: {@code bench.weightsMb} (100),
 * {@code bench.perProducer} (5000), {@code bench.rounds} (5, after 3 warm-up rounds), {@code bench.chunkKb} (4096), {@code bench.out} (also write the report there),
 * {@code anvil.blobs.parallelism} (blobs each client moves at once, 4), {@code bench.clientJvmOpt} (one more JVM option
 * for the clients, e.g. {@code -XX:StartFlightRecording=filename=/tmp/NAME.jfr}). Every transfer round is printed to
 * stderr.
 */
public final class StateBenchmark {
    /** Unmeasured transfer rounds before the measured ones. */
    static final int WARM_UP_ROUNDS = 3;

    /**
     * What to measure.
     *
     * @param weightsMb size of the pushed weights (25 tensors)
     * @param perProducer elements each of the 4 producers adds
     * @param bufferSize elements in the sampled buffer
     * @param samples timed samples
     * @param rounds rounds of TCP and weights transfers
     * @param chunkKb weight chunk size in KiB
     */
    public record Settings(int weightsMb, int perProducer, int bufferSize, int samples, int rounds, int chunkKb) {}

    /**
     * One way of moving weights, measured.
     *
     * @param pushMBps weights push
     * @param pullMBps weights pull
     * @param pushPullMBps size / (push time + pull time)
     */
    public record Transfer(double pushMBps, double pullMBps, double pushPullMBps) {}

    /**
     * Measured numbers; rates are medians over rounds.
     *
     * @param replayAddPerSec replay {@code add} elements/s, one by one
     * @param replayAddAllPerSec replay {@code addAll(64)} elements/s
     * @param streamerPerSec data-streamer elements/s
     * @param sampleP50Micros sample p50
     * @param sampleP90Micros sample p90
     * @param tcpMBps raw loopback TCP between the two clients
     * @param sharedMemory weights between processes of one host, through the data nodes' shared-memory directories
     * @param overTcp weights over TCP only, as between hosts ({@code sharedMemory(false)})
     * @param crcMatches every pull returned the pushed bytes
     */
    public record Results(
            double replayAddPerSec,
            double replayAddAllPerSec,
            double streamerPerSec,
            double sampleP50Micros,
            double sampleP90Micros,
            double tcpMBps,
            Transfer sharedMemory,
            Transfer overTcp,
            boolean crcMatches) {

        /** A Markdown report. */
        public String report(Settings s) {
            return String.format(
                    Locale.ROOT,
                    """
                    | measure | result | baseline / goal |
                    |---|---|---|
                    | replay `add`, 4 producers, 1 KiB, one by one | %,.0f elements/s | goal >= 20,000/s; data streamer %,.0f/s |
                    | replay `addAll` (64 per call), 4 producers, 1 KiB | %,.0f elements/s | data streamer %,.0f/s |
                    | Ignite data streamer, 4 producers, 1 KiB (baseline) | %,.0f elements/s | |
                    | replay `sample` of 16 from %,d | p50 %.2f ms, p90 %.2f ms | |
                    | raw loopback TCP, client A -> client B, %d MB | %,.0f MB/s | baseline |
                    %s%s| pulled bytes equal pushed bytes | %s | |
                    """,
                    replayAddPerSec,
                    streamerPerSec,
                    replayAddAllPerSec,
                    streamerPerSec,
                    streamerPerSec,
                    s.bufferSize(),
                    sampleP50Micros / 1000,
                    sampleP90Micros / 1000,
                    s.weightsMb(),
                    tcpMBps,
                    rows("same host (shared memory)", sharedMemory, s),
                    rows("over TCP (`sharedMemory(false)`)", overTcp, s),
                    crcMatches);
        }

        private String rows(String how, Transfer t, Settings s) {
            return String.format(
                    Locale.ROOT,
                    """
                    | weights push (client A), %d MB in %d KiB chunks, %s | %,.0f MB/s | %.2f x TCP |
                    | weights pull (client B), %s | %,.0f MB/s | %.2f x TCP |
                    | weights push then pull, %s | %,.0f MB/s | %.2f x TCP (goal >= 0.5 x) |
                    """,
                    s.weightsMb(),
                    s.chunkKb(),
                    how,
                    t.pushMBps(),
                    t.pushMBps() / tcpMBps,
                    how,
                    t.pullMBps(),
                    t.pullMBps() / tcpMBps,
                    how,
                    t.pushPullMBps(),
                    t.pushPullMBps() / tcpMBps);
        }
    }

    private StateBenchmark() {}

    /** Runs the benchmark with settings from system properties and prints the report. */
    public static void main(String[] args) throws IOException {
        Settings s = new Settings(
                Integer.getInteger("bench.weightsMb", 100),
                Integer.getInteger("bench.perProducer", 5_000),
                10_000,
                300,
                Integer.getInteger("bench.rounds", 5),
                Integer.getInteger("bench.chunkKb", 4096));
        Results r = run(s);
        String report = r.report(s);
        System.out.println(report);
        String out = System.getProperty("bench.out");
        if (out != null) {
            Files.writeString(Path.of(out), report);
        }
        System.exit(0);
    }

    /** Starts the cluster and the two clients, measures, and stops everything. */
    public static Results run(Settings s) throws IOException {
        // The replay buffer's region; weights live in the workers' blob directories, outside it.
        String regionMb = "256m";
        Path logs = Files.createTempDirectory("anvil-state-bench-");
        System.err.println("bench client logs: " + logs);
        try (ProcessCluster cluster = ProcessCluster.builder()
                        .workers(2)
                        .stateRegion(regionMb)
                        .heap("512m")
                        .start();
                BenchProcess a = BenchProcess.start("client-a", cluster.address(), "1g", logs);
                BenchProcess b = BenchProcess.start("client-b", cluster.address(), "1g", logs)) {
            int perThread = s.perProducer();
            int warm = Math.max(100, perThread / 5);
            // Warm-up pass first (class loading, JIT, binary metadata), then the measured pass, alternating kinds.
            elementsPerSec(a, b, "streamer-add 2 " + warm, 4L * warm);
            elementsPerSec(a, b, "replay-add 2 " + warm + " 1", 4L * warm);
            elementsPerSec(a, b, "replay-add 2 " + warm + " 64", 4L * warm);
            double streamer = elementsPerSec(a, b, "streamer-add 2 " + perThread, 4L * perThread);
            double add = elementsPerSec(a, b, "replay-add 2 " + perThread + " 1", 4L * perThread);
            double addAll = elementsPerSec(a, b, "replay-add 2 " + perThread + " 64", 4L * perThread);
            Map<String, String> sample = b.call("replay-sample " + s.bufferSize() + " " + s.samples());
            a.call("drop-replay");

            long bytes = (long) s.weightsMb() << 20;
            // Unmeasured rounds of each first (JIT, connections, first pages), as for the replay numbers: a trainer
            // pushes hundreds of versions, so the steady state is what counts.
            Rounds shm = new Rounds(a, b, "shm", bytes, s.chunkKb());
            Rounds tcp = new Rounds(a, b, "tcp", bytes, s.chunkKb());
            for (int w = 0; w < WARM_UP_ROUNDS; w++) {
                tcpMBps(a, b, bytes);
                shm.round();
                tcp.round();
            }
            List<Double> baseline = new ArrayList<>();
            for (int round = 0; round < s.rounds(); round++) {
                baseline.add(tcpMBps(a, b, bytes));
                System.err.printf(Locale.ROOT, "tcp round: %.0f MB/s%n", baseline.get(round));
                shm.measure();
                tcp.measure();
            }
            return new Results(
                    add,
                    addAll,
                    streamer,
                    Double.parseDouble(sample.get("sample_p50_us")),
                    Double.parseDouble(sample.get("sample_p90_us")),
                    median(baseline),
                    shm.result(),
                    tcp.result(),
                    shm.crcOk && tcp.crcOk);
        }
    }

    private static double tcpMBps(BenchProcess a, BenchProcess b, long bytes) {
        b.send("tcp-receive " + bytes);
        String port = b.awaitResult("port");
        double tcpMs =
                Double.parseDouble(a.call("tcp-send " + port + " " + bytes).get("tcp_ms"));
        b.awaitDone();
        return mbps(bytes, tcpMs);
    }

    /** Push-then-pull rounds of one transport: A pushes version n, B pulls it. */
    private static final class Rounds {
        private final BenchProcess a;
        private final BenchProcess b;
        private final String transport;
        private final long bytes;
        private final int chunkKb;
        private final List<Double> push = new ArrayList<>();
        private final List<Double> pull = new ArrayList<>();
        private final List<Double> both = new ArrayList<>();
        private long version;
        private boolean crcOk = true;

        Rounds(BenchProcess a, BenchProcess b, String transport, long bytes, int chunkKb) {
            this.a = a;
            this.b = b;
            this.transport = transport;
            this.bytes = bytes / 25 * 25;
            this.chunkKb = chunkKb;
        }

        double[] round() {
            version++;
            Map<String, String> pushed =
                    a.call("push " + version + " 25 " + (bytes / 25) + " " + chunkKb + " " + transport);
            Map<String, String> pulled = b.call("pull " + version + " " + chunkKb + " " + transport);
            crcOk &= pushed.get("crc").equals(pulled.get("crc"));
            return new double[] {Double.parseDouble(pushed.get("push_ms")), Double.parseDouble(pulled.get("pull_ms"))};
        }

        void measure() {
            double[] ms = round();
            System.err.printf(Locale.ROOT, "weights %s round: push %.1f ms, pull %.1f ms%n", transport, ms[0], ms[1]);
            push.add(mbps(bytes, ms[0]));
            pull.add(mbps(bytes, ms[1]));
            both.add(mbps(bytes, ms[0] + ms[1]));
        }

        Transfer result() {
            return new Transfer(median(push), median(pull), median(both));
        }
    }

    /** Runs {@code command} on both clients at once; the rate counts until the slower one finishes. */
    private static double elementsPerSec(BenchProcess a, BenchProcess b, String command, long elements) {
        a.send(command);
        b.send(command);
        long ms = Math.max(
                Long.parseLong(a.awaitDone().get("elapsed_ms")),
                Long.parseLong(b.awaitDone().get("elapsed_ms")));
        return elements * 1000.0 / Math.max(1, ms);
    }

    private static double mbps(long bytes, double ms) {
        return bytes / (1024.0 * 1024.0) / (ms / 1000.0);
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
