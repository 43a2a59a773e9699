package dev.anvil.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.internal.client.ClusterConnector;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.TlsSettings;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.Clusters;
import dev.anvil.testkit.ProcessCluster;
import dev.anvil.testkit.ProcessTest;
import java.io.DataOutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS from {@code tls/tls.yaml} with certificates from {@code tls/make-certs.sh}: nodes and clients with a
 * certificate of the cluster CA get in; a node with a certificate the CA did not sign, or without TLS, is refused.
 */
@ProcessTest
class TlsClusterTest {
    private static final Path CONFIGS = Path.of(System.getProperty("anvil.home"), "cluster-configs");

    @TempDir
    static Path dir;

    private static Path good;
    private static Path rogue;
    private static Path plain;

    @BeforeAll
    static void makeCertificates() throws Exception {
        long t0 = System.nanoTime();
        makeCerts(dir.resolve("ca"), "node");
        selfSigned(dir.resolve("rogue/node.p12"));
        Files.copy(dir.resolve("ca/trust.p12"), dir.resolve("rogue/trust.p12"));
        System.out.printf(
                "CA, signed and self-signed node certificates made in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        // The shipped tls.yaml with its certs/ folder pointed at the generated stores.
        String tls = Files.readString(CONFIGS.resolve("tls/tls.yaml"));
        good = dir.resolve("ca/tls.yaml");
        rogue = dir.resolve("rogue/tls.yaml");
        Files.writeString(good, tls.replace("certs/", ""));
        Files.writeString(rogue, tls.replace("certs/", ""));
        plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "host: 127.0.0.1\n");
    }

    @Test
    void onlyNodesWithACertificateOfTheClusterCaGetIn() throws Exception {
        long t0 = System.nanoTime();
        try (ProcessCluster cluster = ProcessCluster.builder()
                .workers(1)
                .nodeArgs("--config", good.toString())
                .start()) {
            System.out.printf("TLS head + worker up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            CliResult status = cluster.cli("status", "--json", "--config", good.toString());
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode json = new ObjectMapper().readTree(status.stdout());
            assertThat(json.path("nodes")).hasSize(2);

            JsonNode worker = json.path("nodes").get(1);
            assertThat(worker.path("blobs").path("dir").asText())
                    .as(status.stdout())
                    .isNotEmpty();
            assertThat(worker.path("blobAddress").asText()).as(status.stdout()).isNotEmpty();

            CliResult state = cluster.cli("inspect", "--config", good.toString(), "--state");
            assertThat(state.stdout()).as(state.toString()).contains("Cluster state: ACTIVE");
            assertThat(state.stdout()).doesNotContain("changeit");

            // A certificate the cluster CA did not sign: refused at the TLS handshake, the worker gives up.
            t0 = System.nanoTime();
            assertThatThrownBy(() -> cluster.addWorker("--config", rogue.toString(), "--join-timeout", "2000"))
                    .hasMessageContaining("exited with 1 before it started");
            System.out.printf(
                    "worker with a self-signed certificate refused after %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            // No TLS at all: refused too.
            t0 = System.nanoTime();
            assertThatThrownBy(() -> cluster.addWorker("--config", plain.toString(), "--join-timeout", "2000"))
                    .hasMessageContaining("exited with 1 before it started");
            System.out.printf("worker without TLS refused after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            t0 = System.nanoTime();
            CliResult rogueStatus = cluster.cli("status", "--json", "--config", rogue.toString());
            assertThat(rogueStatus.exitCode()).as(rogueStatus.toString()).isNotZero();
            System.out.printf(
                    "client with a self-signed certificate refused after %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);

            weightsCrossTheBlobServerOnlyOverMutualTls(cluster);

            // The head's HTTP status is plain HTTP on loopback: no certificate needed to read it.
            HttpResponse<String> after = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + cluster.statusPort() + "/status"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(after.body()).path("nodes"))
                    .as("the refused workers never joined")
                    .hasSize(2);
        }
    }

    /**
     * The worker's blob server speaks TLS with client authentication: a client of the cluster moves weights through
     * it (no shared memory, as from another host); a plain TCP client, or one whose certificate the CA did not sign,
     * is refused before it can ask for anything.
     */
    private static void weightsCrossTheBlobServerOnlyOverMutualTls(ProcessCluster cluster) throws Exception {
        TlsSettings clientTls =
                new TlsSettings(dir.resolve("ca/node.p12"), "changeit", dir.resolve("ca/trust.p12"), "changeit");
        try (Anvil anvil = ClusterConnector.connect(cluster.address(), clientTls)) {
            WeightStore ws = anvil.weightStore(
                    "tls-weights",
                    WeightStoreConfig.builder()
                            .chunkBytes(1 << 20)
                            .sharedMemory(false)
                            .build());
            byte[] weights = new byte[(3 << 20) + 5];
            new Random(5).nextBytes(weights);
            for (long v = 1; v <= 2; v++) {
                long t0 = System.nanoTime();
                ws.push(v, Map.of("w", weights));
                assertThat(ws.pull(v).get("w")).isEqualTo(weights);
                System.out.printf(
                        "3 MiB weight push + pull over the TLS blob server (%s) in %d ms%n",
                        v == 1 ? "cold: TLS handshakes, JIT" : "warm", (System.nanoTime() - t0) / 1_000_000);
            }

            String address = null;
            for (ClusterNode n : Clusters.ignite(anvil).cluster().forServers().nodes()) {
                if (n.attribute(NodeAttributes.BLOB_ADDRESS) != null) {
                    address = n.attribute(NodeAttributes.BLOB_ADDRESS);
                }
            }
            assertThat(address).as("the worker advertises its blob server").isNotNull();
            String host = address.substring(0, address.lastIndexOf(':'));
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1));

            // Plain TCP speaking the blob protocol: the server sees no TLS handshake and closes (at most a TLS alert).
            // It may close while the request is still being written: a reset write is the same refusal.
            try (Socket plainSocket = new Socket(host, port)) {
                plainSocket.setSoTimeout(20_000);
                DataOutputStream out = new DataOutputStream(plainSocket.getOutputStream());
                byte[] answer;
                try {
                    blobGetRequest(out);
                    answer = readToEnd(plainSocket.getInputStream());
                } catch (java.net.SocketException closedByServer) {
                    answer = new byte[0];
                }
                assertThat(answer.length == 0 || answer[0] == 0x15)
                        .as("nothing but a TLS alert, got %d bytes", answer.length)
                        .isTrue();
            }
            // TLS with a certificate the cluster CA did not sign: the handshake fails.
            SSLContext rogueCtx = sslContext(dir.resolve("rogue/node.p12"), dir.resolve("rogue/trust.p12"));
            assertThatThrownBy(() -> {
                        try (SSLSocket s =
                                (SSLSocket) rogueCtx.getSocketFactory().createSocket(host, port)) {
                            s.setSoTimeout(20_000);
                            DataOutputStream out = new DataOutputStream(s.getOutputStream());
                            blobGetRequest(out);
                            if (s.getInputStream().read() < 0) {
                                throw new java.io.EOFException("closed");
                            }
                        }
                    })
                    .isInstanceOf(java.io.IOException.class);
            // The same request with the cluster's certificate is answered: the blob is not there.
            SSLContext goodCtx = sslContext(dir.resolve("ca/node.p12"), dir.resolve("ca/trust.p12"));
            try (SSLSocket s = (SSLSocket) goodCtx.getSocketFactory().createSocket(host, port)) {
                s.setSoTimeout(20_000);
                blobGetRequest(new DataOutputStream(s.getOutputStream()));
                assertThat(s.getInputStream().read()).as("MISSING status").isEqualTo('M');
            }
        }
    }

    /** Handshake of the blob protocol ("ANVB", version 1) and a GET of a blob nobody stored. */
    private static void blobGetRequest(DataOutputStream out) throws java.io.IOException {
        out.writeInt(0x414E5642);
        out.writeInt(1);
        out.writeByte('G');
        out.writeUTF("tls-weights");
        out.writeLong(99);
        out.writeUTF("none");
        out.writeInt(4);
        out.flush();
    }

    private static byte[] readToEnd(java.io.InputStream in) {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] b = new byte[1024];
        try {
            int n;
            while ((n = in.read(b)) >= 0) {
                got.write(b, 0, n);
            }
        } catch (java.io.IOException e) {
            // reset by the server: as refused as a close
        }
        return got.toByteArray();
    }

    private static SSLContext sslContext(Path keyStore, Path trustStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(keyStore)) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyStore ts = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(trustStore)) {
            ts.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ts);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return ctx;
    }

    /** A key store whose certificate nobody signed: what a node without a valid certificate has. */
    private static void selfSigned(Path store) throws Exception {
        Files.createDirectories(store.getParent());
        Process p = new ProcessBuilder(
                        "keytool",
                        "-genkeypair",
                        "-alias",
                        "node",
                        "-dname",
                        "CN=node, O=Anvil",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-validity",
                        "30",
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        "changeit")
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
    }

    private static void makeCerts(Path out, String node) throws Exception {
        Process p = new ProcessBuilder(
                        "bash", CONFIGS.resolve("tls/make-certs.sh").toString(), out.toString(), node)
                .redirectErrorStream(true)
                .start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(out.resolve(node + ".p12")).exists();
        assertThat(out.resolve("trust.p12")).exists();
    }
}
