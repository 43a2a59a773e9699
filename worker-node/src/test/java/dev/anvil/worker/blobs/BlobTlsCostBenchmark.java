package dev.anvil.worker.blobs;

import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.blobs.BlobTls;
import dev.anvil.internal.blobs.RemoteBlobAccess;
import dev.anvil.internal.node.NodeAttributes;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.SocketFactory;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * What a byte of the blob paths costs in CPU, over mutual TLS and without, on loopback with every end (writer and two
 * holders) in this JVM: process CPU time per byte moved, which load from other processes barely changes, and the
 * throughput that cost allows on 2 cores. Baselines in the same run: one raw TCP stream and one raw TLS stream (1 MiB
 * writes). Each measurement runs {@code ROUNDS} times (the JIT warms up: the crypto's intrinsics need C2); the last
 * two are printed. A program, not a test: {@code java ... dev.anvil.worker.blobs.BlobTlsCostBenchmark [rounds]}. Needs
 * {@code keytool} (the JDK's) for a throwaway certificate.
 */
public final class BlobTlsCostBenchmark {
    private static final int CHUNK = 4 << 20;
    private static final int CHUNKS = 32;
    private static final long BYTES = (long) CHUNK * CHUNKS;
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private BlobTlsCostBenchmark() {}

    /** One measured run. */
    @FunctionalInterface
    private interface Job {
        void run() throws Exception;
    }

    /** One of {@code n} transfers. */
    @FunctionalInterface
    private interface Transfer {
        void run(int i) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        Path dir = Files.createTempDirectory("blob-tls-bench");
        SSLContext tls = selfSigned(dir);
        Path shm = Files.isDirectory(Path.of("/dev/shm")) ? Path.of("/dev/shm") : dir;
        Path root = Files.createTempDirectory(shm, "blob-tls-bench");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            stream("raw TCP stream", null, rounds);
            stream("raw TLS stream", tls, rounds);
            for (SSLContext ctx : new SSLContext[] {null, tls}) {
                blobs(ctx == null ? "plain" : "TLS", ctx, root, pool, rounds);
            }
        } finally {
            pool.shutdownNow();
            dev.anvil.internal.blobs.BlobDir.deleteTree(root);
            dev.anvil.internal.blobs.BlobDir.deleteTree(dir);
        }
        System.exit(0);
    }

    private static void blobs(String kind, SSLContext tls, Path root, ExecutorService pool, int rounds)
            throws Exception {
        BlobHost h1 = BlobHost.start("bench-1", root, "127.0.0.1", 0, tls);
        BlobHost h2 = BlobHost.start("bench-2", root, "127.0.0.1", 0, tls);
        SocketFactory sockets = tls == null ? SocketFactory.getDefault() : tls.getSocketFactory();
        String second = (String) h2.attributes().get(NodeAttributes.BLOB_ADDRESS);
        try (RemoteBlobAccess first = new RemoteBlobAccess(
                        RemoteBlobAccess.parse((String) h1.attributes().get(NodeAttributes.BLOB_ADDRESS)), sockets);
                RemoteBlobAccess toSecond = new RemoteBlobAccess(RemoteBlobAccess.parse(second), sockets)) {
            byte[] src = new byte[CHUNK];
            new Random(1).nextBytes(src);
            long[] version = {0};
            // The second holder's directory is not passed: as for a holder on another host, its copy goes over TCP.
            measure("blob PUT, 1 copy (" + kind + ")", rounds, () -> {
                long v = ++version[0];
                parallel(pool, i -> first.write(new BlobPath("b", v, "c" + i), src, 0, CHUNK));
                first.removeVersion("b", v);
            });
            measure("blob FORWARD, 2 copies (" + kind + ")", rounds, () -> {
                long v = ++version[0];
                parallel(
                        pool, i -> first.writeForwarding(new BlobPath("b", v, "c" + i), src, 0, CHUNK, second, "", ""));
                first.removeVersion("b", v - 1);
                toSecond.removeVersion("b", v - 1);
            });
            measure("blob PUT then COPY, 2 copies (" + kind + ")", rounds, () -> {
                long v = ++version[0];
                parallel(pool, i -> {
                    BlobPath p = new BlobPath("b", v, "c" + i);
                    first.write(p, src, 0, CHUNK);
                    first.copyTo(p, CHUNK, second, "", "");
                });
                first.removeVersion("b", v - 1);
                toSecond.removeVersion("b", v - 1);
            });
            long last = version[0];
            byte[][] into = new byte[4][CHUNK];
            measure(
                    "blob GET (" + kind + ")",
                    rounds,
                    () -> parallel(
                            pool, i -> first.read(new BlobPath("b", last, "c" + i), into[i % into.length], 0, CHUNK)));
        } finally {
            h1.close();
            h2.close();
        }
    }

    /** One stream of {@link #BYTES} to a sink that reads it all, as the MultiHostTest's raw baselines. */
    private static void stream(String name, SSLContext tls, int rounds) throws Exception {
        ServerSocket server = tls == null
                ? new ServerSocket(0, 8, InetAddress.getLoopbackAddress())
                : tls.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        if (server instanceof SSLServerSocket s) {
            s.setNeedClientAuth(true);
            BlobTls.preferFast(s);
        }
        Thread sink = new Thread(() -> {
            while (true) {
                try (Socket s = server.accept()) {
                    InputStream in = new BufferedInputStream(s.getInputStream(), 256 << 10);
                    byte[] b = new byte[1 << 20];
                    while (in.read(b) >= 0) {
                        // drain
                    }
                    s.getOutputStream().write(1);
                } catch (IOException e) {
                    return;
                }
            }
        });
        sink.setDaemon(true);
        sink.start();
        SocketFactory sockets = tls == null ? SocketFactory.getDefault() : tls.getSocketFactory();
        byte[] b = new byte[1 << 20];
        try (server) {
            measure(name, rounds, () -> {
                try (Socket s = sockets.createSocket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
                    OutputStream out = s.getOutputStream();
                    for (long n = 0; n < BYTES; n += b.length) {
                        out.write(b);
                    }
                    out.flush();
                    s.shutdownOutput();
                    s.getInputStream().read();
                }
            });
        }
    }

    private static void measure(String what, int rounds, Job job) throws Exception {
        for (int r = 0; r < rounds; r++) {
            long cpu0 = OS.getProcessCpuTime();
            long t0 = System.nanoTime();
            job.run();
            long wall = System.nanoTime() - t0;
            double nsPerByte = (double) (OS.getProcessCpuTime() - cpu0) / BYTES;
            if (r >= rounds - 2) {
                System.out.printf(
                        "%-38s round %d: %5.0f MB/s, CPU %.2f ns/byte (%.1f cores busy): 2 cores allow %5.0f MB/s%n",
                        what, r, BYTES * 1e3 / wall, nsPerByte, nsPerByte * BYTES / wall, 2e3 / nsPerByte);
            }
        }
    }

    private static void parallel(ExecutorService pool, Transfer t) throws Exception {
        List<Future<?>> futures = new ArrayList<>();
        for (int i = 0; i < CHUNKS; i++) {
            int k = i;
            futures.add(pool.submit(() -> {
                t.run(k);
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
    }

    /** A throwaway RSA 2048 key and certificate (keytool), trusted by itself: mutual TLS as the cluster's. */
    private static SSLContext selfSigned(Path dir) throws Exception {
        Path store = dir.resolve("bench.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "bench",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        store.toString(),
                        "-storepass",
                        "changeit",
                        "-dname",
                        "CN=bench",
                        "-validity",
                        "2")
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }
}
