package app;

import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ConnectOptions;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.WeightStore;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An outside driver, as a user writes one: its own actor class (app.Counter, on no worker), run from a laptop-like
 * host. Driven line by line on stdin, it answers each command with one line on stdout starting with OK or ERR.
 *
 * <pre>
 * java -cp SDK:app.jar app.Client ADDRESS [KEYSTORE TRUSTSTORE PASSWORD]
 * </pre>
 */
public final class Client {
    private static final AtomicBoolean streaming = new AtomicBoolean();
    private static final AtomicLong calls = new AtomicLong();
    private static final AtomicLong failed = new AtomicLong();
    private static volatile String firstFailure;
    private static Thread streamer;

    public static void main(String[] args) throws Exception {
        ConnectOptions opts = ConnectOptions.to(args[0]);
        if (args.length >= 4) {
            opts = opts.tls(Path.of(args[1]), args[3], Path.of(args[2]), args[3]);
        }
        Map<String, ServiceHandle<Counter>> services = new HashMap<>();
        try (Anvil anvil = Anvil.connect(opts)) {
            System.out.println("OK connected");
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
            String line;
            while ((line = in.readLine()) != null) {
                String[] c = line.trim().split("\\s+");
                try {
                    String answer = run(anvil, services, c);
                    if (answer == null) {
                        break;
                    }
                    System.out.println("OK " + c[0] + " " + answer);
                } catch (Throwable t) {
                    System.out.println("ERR " + c[0] + " " + String.valueOf(t).replace('\n', ' '));
                }
            }
        }
        System.out.println("OK bye");
    }

    /** Deploys {@code app.Counter} as {@code service} and answers {@code "ROUTED FANNED"}: what its replicas say. */
    public static String versions(Anvil anvil, String service, int replicas) {
        ServiceHandle<Counter> h =
                anvil.options(Counter.class).name(service).numReplicas(replicas).asService();
        return h.endpoint(Counter::version).route().join() + " "
                + h.endpoint(Counter::version).fanout().join();
    }

    private static String run(Anvil anvil, Map<String, ServiceHandle<Counter>> services, String[] c) throws Exception {
        switch (c[0]) {
            case "deploy": {
                ServiceHandle<Counter> h = anvil.options(Counter.class)
                        .name(c[1])
                        .numReplicas(Integer.parseInt(c[2]))
                        .maxRetries(3)
                        .asService();
                services.put(c[1], h);
                return c[1];
            }
            case "route":
                return services.get(c[1]).endpoint(Counter::version).route().join();
            case "fanout":
                return String.valueOf(
                        services.get(c[1]).endpoint(Counter::version).fanout().join());
            case "replay": {
                ReplayBuffer<String> buf = anvil.replayBuffer(
                        c[1],
                        String.class,
                        ReplayBufferConfig.builder()
                                .batchSize(4)
                                .dpSize(1)
                                .maxPolicyAge(1)
                                .maxResampleCount(0)
                                .maxBufferSize(1000)
                                .seed(7)
                                .build());
                for (int i = 0; i < 20; i++) {
                    buf.add("episode-" + i, 0);
                }
                long added = buf.size();
                List<List<String>> batch = buf.sample(0);
                return "size=" + added + " batch=" + (batch == null ? 0 : batch.get(0).size()) + " left="
                        + buf.size();
            }
            case "weights":
                return weights(anvil.weightStore(c[1]), Integer.parseInt(c[2]), Integer.parseInt(c[3]));
            case "rawtcp":
                return rawTcp(c[1], Integer.parseInt(c[2]), Integer.parseInt(c[3]), Integer.parseInt(c[4]), null);
            case "rawtls":
                return rawTcp(
                        c[1],
                        Integer.parseInt(c[2]),
                        Integer.parseInt(c[3]),
                        Integer.parseInt(c[4]),
                        tls(c[5], c[6], c[7]).getSocketFactory());
            case "stream-start":
                startStream(services.get(c[1]));
                return "started";
            case "stream-calls":
                return "calls=" + calls.get() + " failed=" + failed.get();
            case "stream-stop":
                streaming.set(false);
                streamer.join(60_000);
                return "calls=" + calls.get() + " failed=" + failed.get() + " firstFailure=" + firstFailure;
            case "quit":
                return null;
            default:
                throw new IllegalArgumentException("unknown command " + c[0]);
        }
    }

    /** Pushes and pulls {@code mib} MiB in 4 tensors, {@code rounds} times; the first round warms up. */
    private static String weights(WeightStore ws, int mib, int rounds) {
        int tensors = 4;
        int perTensor = (mib << 20) / tensors;
        Random rnd = new Random(42);
        Map<String, byte[]> w = new HashMap<>();
        for (int i = 0; i < tensors; i++) {
            byte[] b = new byte[perTensor];
            rnd.nextBytes(b);
            w.put("layer" + i + ".weight", b);
        }
        double push = 0;
        double pull = 0;
        boolean exact = true;
        StringBuilder each = new StringBuilder();
        long base = Math.max(0, ws.latestVersion() + 1);
        for (int r = 0; r < rounds; r++) {
            long t0 = System.nanoTime();
            ws.push(base + r, w);
            long t1 = System.nanoTime();
            Map<String, byte[]> got = ws.pull(base + r);
            long t2 = System.nanoTime();
            for (Map.Entry<String, byte[]> e : w.entrySet()) {
                exact &= Arrays.equals(e.getValue(), got.get(e.getKey()));
            }
            if (r > 0 || rounds == 1) {
                push = Math.max(push, mbPerS((long) perTensor * tensors, t1 - t0));
                pull = Math.max(pull, mbPerS((long) perTensor * tensors, t2 - t1));
            }
            each.append(String.format(" %.0f/%.0f", mbPerS((long) perTensor * tensors, t1 - t0),
                    mbPerS((long) perTensor * tensors, t2 - t1)));
        }
        return String.format("pushMBps=%.0f pullMBps=%.0f exact=%s rounds(push/pull):%s", push, pull, exact, each);
    }

    /** Sends and receives {@code mib} MiB to app.RawTcp on host:port, {@code rounds} times; best warm round. */
    /** An SSL context from a PKCS12 key store and trust store (as the cluster's TLS). */
    static javax.net.ssl.SSLContext tls(String keyStore, String trustStore, String password) throws Exception {
        java.security.KeyStore ks = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(Path.of(keyStore))) {
            ks.load(in, password.toCharArray());
        }
        java.security.KeyStore ts = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(Path.of(trustStore))) {
            ts.load(in, password.toCharArray());
        }
        javax.net.ssl.KeyManagerFactory kmf =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, password.toCharArray());
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String rawTcp(String host, int port, int mib, int rounds, javax.net.SocketFactory factory)
            throws Exception {
        long bytes = (long) mib << 20;
        byte[] buf = new byte[1 << 20];
        new Random(1).nextBytes(buf);
        double send = 0;
        double recv = 0;
        StringBuilder each = new StringBuilder();
        for (int r = 0; r < rounds; r++) {
            try (Socket s = factory == null ? new Socket(host, port) : factory.createSocket(host, port)) {
                DataOutputStream out = new DataOutputStream(new java.io.BufferedOutputStream(s.getOutputStream(), 256 << 10));
                DataInputStream in = new DataInputStream(s.getInputStream());
                long t0 = System.nanoTime();
                out.writeByte('P');
                out.writeLong(bytes);
                for (long done = 0; done < bytes; done += buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, bytes - done));
                }
                out.flush();
                in.readByte();
                long t1 = System.nanoTime();
                out.writeByte('G');
                out.writeLong(bytes);
                out.flush();
                for (long done = 0; done < bytes; ) {
                    int n = in.read(buf, 0, (int) Math.min(buf.length, bytes - done));
                    if (n < 0) {
                        throw new java.io.EOFException("raw TCP peer closed early");
                    }
                    done += n;
                }
                long t2 = System.nanoTime();
                if (r > 0 || rounds == 1) {
                    send = Math.max(send, mbPerS(bytes, t1 - t0));
                    recv = Math.max(recv, mbPerS(bytes, t2 - t1));
                }
                each.append(String.format(" %.0f/%.0f", mbPerS(bytes, t1 - t0), mbPerS(bytes, t2 - t1)));
            }
        }
        return String.format("sendMBps=%.0f recvMBps=%.0f rounds(send/recv):%s", send, recv, each);
    }

    private static void startStream(ServiceHandle<Counter> h) {
        calls.set(0);
        failed.set(0);
        streaming.set(true);
        streamer = new Thread(() -> {
            // Bounded: at most 100 000 calls, and it stops when told to.
            for (int i = 0; i < 100_000 && streaming.get(); i++) {
                try {
                    h.endpoint(Counter::version).route().get(30, java.util.concurrent.TimeUnit.SECONDS);
                } catch (Exception e) {
                    failed.incrementAndGet();
                    if (firstFailure == null) {
                        firstFailure = String.valueOf(e).replace('\n', ' ');
                    }
                }
                calls.incrementAndGet();
            }
        }, "call-stream");
        streamer.start();
    }

    private static double mbPerS(long bytes, long nanos) {
        return bytes / 1e6 / (nanos / 1e9);
    }
}
