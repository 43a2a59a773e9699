package dev.anvil.state.bench;

import dev.anvil.internal.state.StateCaches;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.testkit.Clusters;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteDataStreamer;

/**
 * One benchmark client process: joins the cluster as an SDK client and runs the commands {@link StateBenchmark} writes
 * to its stdin, one per line, answering {@code RESULT key value} lines on stdout and {@code DONE} after each command.
 */
public final class BenchNode {
    private static final int ELEMENT_BYTES = 1024;

    private final Anvil anvil;
    private final String id;

    private BenchNode(Anvil anvil, String id) {
        this.anvil = anvil;
        this.id = id;
    }

    /** Arguments: cluster address, node id. */
    public static void main(String[] args) throws Exception {
        try (Anvil anvil = Anvil.connect(args[0])) {
            BenchNode node = new BenchNode(anvil, args[1]);
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            System.out.println("READY");
            System.out.flush();
            for (String line; (line = in.readLine()) != null && !line.equals("quit"); ) {
                node.run(line.trim().split("\\s+"));
                System.out.println("DONE");
                System.out.flush();
            }
        }
    }

    private void run(String[] cmd) throws Exception {
        switch (cmd[0]) {
            case "tcp-receive" -> tcpReceive(Long.parseLong(cmd[1]));
            case "tcp-send" -> tcpSend(Integer.parseInt(cmd[1]), Long.parseLong(cmd[2]));
            case "push" ->
                push(
                        Long.parseLong(cmd[1]),
                        Integer.parseInt(cmd[2]),
                        Integer.parseInt(cmd[3]),
                        Integer.parseInt(cmd[4]),
                        cmd[5]);
            case "pull" -> pull(Long.parseLong(cmd[1]), Integer.parseInt(cmd[2]), cmd[3]);
            case "replay-add" ->
                replayAdd(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]), Integer.parseInt(cmd[3]));
            case "streamer-add" -> streamerAdd(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]));
            case "replay-sample" -> replaySample(Integer.parseInt(cmd[1]), Integer.parseInt(cmd[2]));
            case "drop-replay" -> dropReplayCaches();
            default -> throw new IllegalArgumentException("unknown command [command=" + cmd[0] + "]");
        }
    }

    private static void result(String key, Object value) {
        System.out.println("RESULT " + key + " " + value);
    }

    // ---- raw loopback TCP between the two bench processes -------------------------------------------------------

    private void tcpReceive(long bytes) throws IOException {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            result("port", server.getLocalPort());
            System.out.flush();
            try (Socket s = server.accept();
                    DataInputStream in = new DataInputStream(s.getInputStream())) {
                s.setReceiveBufferSize(4 << 20);
                byte[] buf = new byte[1 << 20];
                long t0 = 0;
                long got = 0;
                while (got < bytes) {
                    int n = in.read(buf);
                    if (n < 0) {
                        throw new IOException("sender closed early [got=" + got + "]");
                    }
                    if (got == 0) {
                        t0 = System.nanoTime();
                    }
                    got += n;
                }
                s.getOutputStream().write(1); // acknowledge: the sender's clock stops here
                result("tcp_receive_ms", (System.nanoTime() - t0) / 1e6);
            }
        }
    }

    private void tcpSend(int port, long bytes) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSendBufferSize(4 << 20);
            s.setTcpNoDelay(true);
            OutputStream out = s.getOutputStream();
            byte[] buf = new byte[1 << 20];
            new SplittableRandom(1).nextBytes(buf);
            long t0 = System.nanoTime();
            for (long sent = 0; sent < bytes; sent += buf.length) {
                out.write(buf, 0, (int) Math.min(buf.length, bytes - sent));
            }
            out.flush();
            if (s.getInputStream().read() != 1) {
                throw new IOException("no acknowledgement from the receiver");
            }
            result("tcp_ms", (System.nanoTime() - t0) / 1e6);
        }
    }

    // ---- weights ------------------------------------------------------------------------------------------------

    /** The store of one transport: {@code shm} (shared memory with same-host data nodes) or {@code tcp}. */
    private WeightStore store(int chunkKb, String transport) {
        return anvil.weightStore(
                "bench-policy-" + transport,
                WeightStoreConfig.builder()
                        .retainVersions(1)
                        .chunkBytes(chunkKb << 10)
                        .sharedMemory(transport.equals("shm"))
                        .build());
    }

    private void push(long version, int tensors, int tensorBytes, int chunkKb, String transport) {
        Map<String, byte[]> w = new LinkedHashMap<>();
        CRC32 crc = new CRC32();
        SplittableRandom rnd = new SplittableRandom(version);
        for (int t = 0; t < tensors; t++) {
            byte[] b = new byte[tensorBytes];
            rnd.nextBytes(b);
            crc.update(b);
            w.put("layer" + t + ".weight", b);
        }
        WeightStore ws = store(chunkKb, transport);
        long t0 = System.nanoTime();
        ws.push(version, w);
        result("push_ms", (System.nanoTime() - t0) / 1e6);
        result("crc", crc.getValue());
    }

    private void pull(long version, int chunkKb, String transport) {
        WeightStore ws = store(chunkKb, transport);
        long t0 = System.nanoTime();
        Map<String, byte[]> w = ws.pull(version);
        double ms = (System.nanoTime() - t0) / 1e6;
        CRC32 crc = new CRC32();
        w.values().forEach(crc::update);
        result("pull_ms", ms);
        result("crc", crc.getValue());
    }

    // ---- replay buffer ------------------------------------------------------------------------------------------

    private static ReplayBufferConfig replayConfig() {
        // Many resamples allowed: the sample benchmark draws from a buffer that stays at its size.
        return ReplayBufferConfig.builder()
                .batchSize(16)
                .maxResampleCount(1_000_000)
                .seed(1)
                .build();
    }

    /** {@code threads} producers add {@code perThread} 1 KiB elements each, one by one or in batches of {@code batch}. */
    private void replayAdd(int threads, int perThread, int batch) throws Exception {
        ReplayBuffer<byte[]> buf = anvil.replayBuffer("bench-add", byte[].class, replayConfig());
        long ms = timeThreads(threads, () -> {
            byte[] element = new byte[ELEMENT_BYTES];
            if (batch <= 1) {
                for (int i = 0; i < perThread; i++) {
                    buf.add(element, 0);
                }
            } else {
                List<byte[]> chunk = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    chunk.add(element);
                    if (chunk.size() == batch) {
                        buf.addAll(chunk, 0);
                        chunk.clear();
                    }
                }
                if (!chunk.isEmpty()) {
                    buf.addAll(chunk, 0);
                }
            }
        });
        result("elapsed_ms", ms);
    }

    /** The baseline: Ignite's data streamer into a plain state cache, same threads, same element size. */
    private void streamerAdd(int threads, int perThread) throws Exception {
        Ignite ignite = Clusters.ignite(anvil);
        String cache = "bench-streamer";
        ignite.getOrCreateCache(StateCaches.<Long, byte[]>config(cache));
        AtomicLong keys = new AtomicLong((long) id.hashCode() << 32);
        long ms = timeThreads(threads, () -> {
            byte[] element = new byte[ELEMENT_BYTES];
            try (IgniteDataStreamer<Long, byte[]> s = ignite.dataStreamer(cache)) {
                for (int i = 0; i < perThread; i++) {
                    s.addData(keys.incrementAndGet(), element);
                }
            }
        });
        result("elapsed_ms", ms);
    }

    private void replaySample(int size, int samples) {
        ReplayBuffer<byte[]> buf = anvil.replayBuffer("bench-sample", byte[].class, replayConfig());
        buf.clear();
        List<byte[]> fill = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            fill.add(new byte[ELEMENT_BYTES]);
        }
        for (int i = 0; i < size; i += 500) {
            buf.addAll(fill.subList(i, Math.min(size, i + 500)), 0);
        }
        for (int i = 0; i < 20; i++) {
            buf.sample(0); // warm-up
        }
        long[] micros = new long[samples];
        for (int i = 0; i < samples; i++) {
            long t0 = System.nanoTime();
            if (buf.sample(0) == null) {
                throw new IllegalStateException("sample returned null from a full buffer");
            }
            micros[i] = (System.nanoTime() - t0) / 1_000;
        }
        Arrays.sort(micros);
        result("sample_p50_us", micros[samples / 2]);
        result("sample_p90_us", micros[samples * 9 / 10]);
        result("buffer_size", buf.size());
    }

    /** Drops the replay caches before the weights phase: their memory and rebalancing stay out of its numbers. */
    private void dropReplayCaches() {
        Ignite ignite = Clusters.ignite(anvil);
        for (String c : List.of("anvil-replay-bench-add", "anvil-replay-bench-sample", "bench-streamer")) {
            ignite.destroyCache(c);
        }
    }

    private static long timeThreads(int threads, Runnable work) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    start.await();
                    work.run();
                    return null;
                }));
            }
            long t0 = System.nanoTime();
            start.countDown();
            for (Future<?> f : fs) {
                f.get();
            }
            return (System.nanoTime() - t0) / 1_000_000;
        } finally {
            pool.shutdownNow();
        }
    }
}
