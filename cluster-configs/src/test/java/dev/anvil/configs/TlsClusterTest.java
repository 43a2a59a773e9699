package dev.anvil.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.cli.NodeOptions;
import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.client.ClusterConnector;
import dev.anvil.internal.node.IgniteConfigFactory;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.ProcessCluster;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS from {@code tls/tls.yaml} with certificates from {@code tls/make-certs.sh}: nodes and clients with a
 * certificate of the cluster CA get in; a node with a certificate the CA did not sign, or without TLS, is refused.
 */
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
        System.out.printf("CA, signed and self-signed node certificates made in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
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
        try (ProcessCluster cluster = ProcessCluster.builder().workers(1).nodeArgs("--config", good.toString()).start()) {
            System.out.printf("TLS head + worker up in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            CliResult status = cluster.cli("status", "--json", "--config", good.toString());
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode json = new ObjectMapper().readTree(status.stdout());
            assertThat(json.path("nodes")).hasSize(2);

            JsonNode worker = json.path("nodes").get(1);
            assertThat(worker.path("blobs").path("dir").asText()).as(status.stdout()).isNotEmpty();
            weightsCrossTheBlobPortOverTlsOnly(cluster, worker.path("blobAddress").asText());

            CliResult state = cluster.cli("inspect", "--config", good.toString(), "--state");
            assertThat(state.stdout()).as(state.toString()).contains("Cluster state: ACTIVE");
            assertThat(state.stdout()).doesNotContain("changeit");

            // A certificate the cluster CA did not sign: refused at the TLS handshake, the worker gives up.
            t0 = System.nanoTime();
            assertThatThrownBy(() -> cluster.addWorker("--config", rogue.toString(), "--join-timeout", "2000"))
                    .hasMessageContaining("exited with 1 before it started");
            System.out.printf("worker with a self-signed certificate refused after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            // No TLS at all: refused too.
            t0 = System.nanoTime();
            assertThatThrownBy(() -> cluster.addWorker("--config", plain.toString(), "--join-timeout", "2000"))
                    .hasMessageContaining("exited with 1 before it started");
            System.out.printf("worker without TLS refused after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            t0 = System.nanoTime();
            CliResult rogueStatus = cluster.cli("status", "--json", "--config", rogue.toString());
            assertThat(rogueStatus.exitCode()).as(rogueStatus.toString()).isNotZero();
            System.out.printf("client with a self-signed certificate refused after %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            // The head's HTTP status is plain HTTP on loopback: no certificate needed to read it.
            HttpResponse<String> after = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + cluster.statusPort() + "/status")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(new ObjectMapper().readTree(after.body()).path("nodes")).as("the refused workers never joined").hasSize(2);
        }
    }

    /**
     * A client with a CA-signed certificate pushes and pulls over TCP (as from another host): the worker's blob
     * server speaks TLS. A peer with a self-signed certificate fails the handshake.
     */
    private static void weightsCrossTheBlobPortOverTlsOnly(ProcessCluster cluster, String blobAddress) throws Exception {
        byte[] weights = new byte[3 << 20];
        new java.util.Random(7).nextBytes(weights);
        try (Anvil anvil = ClusterConnector.connect(cluster.address(), NodeConfig.load(good).tlsSettings())) {
            WeightStore ws = anvil.weightStore("tls-policy", WeightStoreConfig.builder().sharedMemory(false).build());
            ws.push(1, Map.of("w", weights));
            assertThat(ws.pull(1).get("w")).isEqualTo(weights);
        }
        SSLContext rogueTls = IgniteConfigFactory.create(NodeOptions.fromConfig(rogue).settings(NodeRole.WORKER).build())
                .getSslContextFactory().create();
        int colon = blobAddress.lastIndexOf(':');
        try (SSLSocket s = (SSLSocket) rogueTls.getSocketFactory().createSocket(blobAddress.substring(0, colon),
                Integer.parseInt(blobAddress.substring(colon + 1)))) {
            s.setSoTimeout(20_000);
            // TLS 1.3 may report a refused client certificate only at the first read.
            assertThatThrownBy(() -> {
                s.startHandshake();
                s.getInputStream().read();
            }).isInstanceOf(IOException.class).isNotInstanceOf(SocketTimeoutException.class);
        }
    }

    /** A key store whose certificate nobody signed: what a node without a valid certificate has. */
    private static void selfSigned(Path store) throws Exception {
        Files.createDirectories(store.getParent());
        Process p = new ProcessBuilder("keytool", "-genkeypair", "-alias", "node", "-dname", "CN=node, O=Anvil",
                "-keyalg", "RSA", "-keysize", "2048", "-validity", "30", "-keystore", store.toString(),
                "-storetype", "PKCS12", "-storepass", "changeit").redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
    }

    private static void makeCerts(Path out, String node) throws Exception {
        Process p = new ProcessBuilder("bash", CONFIGS.resolve("tls/make-certs.sh").toString(), out.toString(), node)
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(log).isZero();
        assertThat(out.resolve(node + ".p12")).exists();
        assertThat(out.resolve("trust.p12")).exists();
    }
}
