package dev.anvil.worker.blobs;

import static dev.anvil.testkit.TestBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.blobs.BlobDir;
import dev.anvil.internal.blobs.BlobPath;
import dev.anvil.internal.blobs.BlobProtocol;
import dev.anvil.internal.blobs.RemoteBlobAccess;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.SocketFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A holder's TCP server and its client, over a real loopback socket. */
class BlobServerTest {
    @TempDir
    Path tmp;

    private BlobDir dir;
    private BlobServer server;
    private RemoteBlobAccess remote;

    @BeforeEach
    void start() throws IOException {
        dir = new BlobDir(tmp);
        server = startServer(dir);
        remote = new RemoteBlobAccess(address(), SocketFactory.getDefault());
    }

    private static BlobServer startServer(BlobDir dir) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        BlobServer s = new BlobServer(socket, dir, new BlobCopier(dir, javax.net.SocketFactory.getDefault()));
        s.start("test");
        return s;
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port());
    }

    @AfterEach
    void stop() {
        remote.close();
        server.close();
    }

    @Test
    void putThenGetIsByteExact() throws IOException {
        byte[] big = bytes(1, (3 << 20) + 11); // several I/O buffers
        byte[] small = bytes(2, 7);
        remote.write(new BlobPath("s", 1, "big"), big, 0, big.length);
        remote.write(new BlobPath("s", 1, "small"), small, 0, small.length);
        remote.write(new BlobPath("s", 1, "empty"), new byte[0], 0, 0);
        assertThat(tmp.resolve("s/1/big")).hasBinaryContent(big);

        byte[] back = new byte[big.length + 2];
        remote.read(new BlobPath("s", 1, "big"), back, 1, big.length);
        assertThat(java.util.Arrays.copyOfRange(back, 1, 1 + big.length)).isEqualTo(big);
        byte[] smallBack = new byte[7];
        remote.read(new BlobPath("s", 1, "small"), smallBack, 0, 7);
        assertThat(smallBack).isEqualTo(small);
        remote.read(new BlobPath("s", 1, "empty"), new byte[0], 0, 0);
    }

    @Test
    void aMissingBlobIsNoSuchFileAndTheConnectionGoesOn() throws IOException {
        assertThatThrownBy(() -> remote.read(new BlobPath("s", 1, "none"), new byte[4], 0, 4))
                .isInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("no such blob on this holder")
                .hasMessageContaining("holder=");
        remote.write(new BlobPath("s", 1, "a"), bytes(1, 100), 0, 100);
        assertThatThrownBy(() -> remote.read(new BlobPath("s", 1, "a"), new byte[99], 0, 99))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class)
                .hasMessageContaining("blob has 100 bytes, expected 99");
        byte[] back = new byte[100];
        remote.read(new BlobPath("s", 1, "a"), back, 0, 100);
        assertThat(back).isEqualTo(bytes(1, 100));
        assertThat(server.accepted())
                .as("errors answered in step keep the one connection")
                .isEqualTo(1);
    }

    @Test
    void removeVersionOverTheWire() throws IOException {
        remote.write(new BlobPath("s", 1, "a"), bytes(1, 10), 0, 10);
        remote.write(new BlobPath("s", 2, "a"), bytes(2, 10), 0, 10);
        remote.removeVersion("s", 1);
        remote.removeVersion("s", 99);
        assertThat(tmp.resolve("s/1")).doesNotExist();
        assertThat(tmp.resolve("s/2/a")).exists();
        assertThatThrownBy(() -> remote.read(new BlobPath("s", 1, "a"), new byte[10], 0, 10))
                .isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> remote.removeVersion("..", 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("could not remove a version");
    }

    @Test
    void aFullHolderTellsTheWriterWhyAndKeepsTheConnection() throws IOException {
        server.close();
        remote.close();
        server = startServer(new BlobDir(tmp, Long.MAX_VALUE / 4));
        remote = new RemoteBlobAccess(address(), SocketFactory.getDefault());
        byte[] data = bytes(3, 2 << 20); // more than the socket buffers: the server must drain it to answer
        assertThatThrownBy(() -> remote.write(new BlobPath("s", 1, "a"), data, 0, data.length))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("refused a blob")
                .hasMessageContaining("blob directory is full")
                .hasMessageContaining("dir=" + tmp);
        assertThatThrownBy(() -> remote.read(new BlobPath("s", 1, "a"), new byte[1], 0, 1))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(server.accepted()).isEqualTo(1);
    }

    @Test
    void aConnectionThatDoesNotSpeakTheProtocolIsRefused() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(20_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(s.getInputStream().read()).as("closed without an answer").isEqualTo(-1);
        }
        assertThat(tmp.toFile().list()).isEmpty();
    }

    @Test
    void anOverLargeLengthIsRefused() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(20_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(BlobProtocol.MAGIC);
            out.writeInt(BlobProtocol.VERSION);
            out.writeByte(BlobProtocol.PUT);
            BlobProtocol.writePath(out, new BlobPath("s", 1, "huge"));
            out.writeInt(BlobProtocol.MAX_BLOB_BYTES + 1);
            out.flush();
            assertThat(new DataInputStream(s.getInputStream()).read())
                    .as("closed, nothing stored")
                    .isEqualTo(-1);
        }
        assertThat(tmp.resolve("s/1/huge")).doesNotExist();
        // and a well-behaved client is unaffected
        remote.write(new BlobPath("s", 1, "ok"), bytes(1, 10), 0, 10);
    }

    @Test
    void aBadPathOnTheWireIsRefused() throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
            s.setSoTimeout(20_000);
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(BlobProtocol.MAGIC);
            out.writeInt(BlobProtocol.VERSION);
            out.writeByte(BlobProtocol.GET);
            out.writeUTF("..");
            out.writeLong(1);
            out.writeUTF("etc");
            out.writeInt(4);
            out.flush();
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void thePoolReusesConnectionsAndDropsABrokenOne() throws IOException {
        byte[] data = bytes(5, 1000);
        BlobPath p = new BlobPath("s", 1, "a");
        remote.write(p, data, 0, data.length);
        for (int i = 0; i < 20; i++) {
            byte[] back = new byte[data.length];
            remote.read(p, back, 0, back.length);
            assertThat(back).isEqualTo(data);
        }
        assertThat(server.accepted())
                .as("sequential requests share one pooled connection")
                .isEqualTo(1);

        // The holder drops its connections (as a restart would): the pooled one is dead.
        server.dropConnections();
        assertThatThrownBy(() -> remote.read(p, new byte[data.length], 0, data.length))
                .as("the request on the broken connection fails")
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(NoSuchFileException.class);
        byte[] back = new byte[data.length];
        remote.read(p, back, 0, back.length);
        assertThat(back).as("the next one connects afresh").isEqualTo(data);
        assertThat(server.accepted()).isEqualTo(2);
        remote.read(p, back, 0, back.length);
        assertThat(server.accepted()).as("and that one is pooled again").isEqualTo(2);
    }

    @Test
    void concurrentRequestsEachGetTheirOwnBytes() throws Exception {
        int blobs = 16;
        for (int i = 0; i < blobs; i++) {
            byte[] b = bytes(100 + i, 200_000 + i);
            remote.write(new BlobPath("s", 1, "b" + i), b, 0, b.length);
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int first = t;
                done.add(pool.submit(() -> {
                    for (int k = 0; k < 30; k++) {
                        int i = (first + k) % blobs;
                        byte[] back = new byte[200_000 + i];
                        remote.read(new BlobPath("s", 1, "b" + i), back, 0, back.length);
                        assertThat(back).as("blob %d", i).isEqualTo(bytes(100 + i, 200_000 + i));
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, java.util.concurrent.TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(server.accepted())
                .as("at most one connection per concurrent caller")
                .isBetween(1, 7);
    }

    @Test
    void loopbackThroughputIsPrinted() throws IOException {
        byte[] chunk = bytes(9, 4 << 20);
        int chunks = 8; // 32 MiB: enough to see the rate, small enough for a shared 2-core machine
        remote.write(new BlobPath("warm", 0, "c"), chunk, 0, chunk.length);
        remote.read(new BlobPath("warm", 0, "c"), new byte[chunk.length], 0, chunk.length);
        long t0 = System.nanoTime();
        for (int i = 0; i < chunks; i++) {
            remote.write(new BlobPath("s", 1, "c" + i), chunk, 0, chunk.length);
        }
        long t1 = System.nanoTime();
        byte[] back = new byte[chunk.length];
        for (int i = 0; i < chunks; i++) {
            remote.read(new BlobPath("s", 1, "c" + i), back, 0, back.length);
        }
        long t2 = System.nanoTime();
        assertThat(back).isEqualTo(chunk);
        double mib = chunks * chunk.length / (double) (1 << 20);
        System.out.printf(
                "blob server on loopback, one connection, 4 MiB blobs: put %.0f MiB/s, get %.0f MiB/s%n",
                mib / ((t1 - t0) / 1e9), mib / ((t2 - t1) / 1e9));
    }

    @Test
    void aClosedClientRefusesWork() {
        remote.close();
        assertThatThrownBy(() -> remote.read(new BlobPath("s", 1, "a"), new byte[1], 0, 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void closingTheServerEndsItsConnections() throws IOException {
        remote.write(new BlobPath("s", 1, "a"), bytes(1, 10), 0, 10);
        server.close();
        await().atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThatThrownBy(
                                () -> remote.read(new BlobPath("s", 1, "a"), new byte[10], 0, 10))
                        .isInstanceOf(IOException.class));
    }
}
