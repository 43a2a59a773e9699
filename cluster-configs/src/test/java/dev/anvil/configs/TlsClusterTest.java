package dev.anvil.configs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.ProcessCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutual TLS from {@code tls/tls.yaml} with certificates from {@code tls/make-certs.sh}: nodes and clients with a
 * certificate of the cluster CA get in; a node with another CA's certificate, or none, is refused.
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
        makeCerts(dir.resolve("ca"), "node");
        makeCerts(dir.resolve("rogue-ca"), "node");
        // The shipped tls.yaml with its certs/ folder pointed at the generated stores.
        String tls = Files.readString(CONFIGS.resolve("tls/tls.yaml"));
        good = dir.resolve("ca/tls.yaml");
        rogue = dir.resolve("rogue-ca/tls.yaml");
        Files.writeString(good, tls.replace("certs/", ""));
        Files.writeString(rogue, tls.replace("certs/", ""));
        plain = dir.resolve("plain.yaml");
        Files.writeString(plain, "host: 127.0.0.1\n");
    }

    @Test
    void onlyNodesWithACertificateOfTheClusterCaGetIn() throws IOException {
        try (ProcessCluster cluster = ProcessCluster.builder().workers(1).nodeArgs("--config", good.toString()).start()) {
            CliResult status = cluster.cli("status", "--json", "--config", good.toString());
            assertThat(status.exitCode()).as(status.toString()).isZero();
            JsonNode json = new ObjectMapper().readTree(status.stdout());
            assertThat(json.path("nodes")).hasSize(2);

            CliResult state = cluster.cli("inspect", "--config", good.toString(), "--state");
            assertThat(state.stdout()).as(state.toString()).contains("Cluster state: ACTIVE");
            assertThat(state.stdout()).doesNotContain("changeit");

            // Same CA name and password, different key: refused at the TLS handshake, the worker gives up.
            assertThatThrownBy(() -> cluster.addWorker("--config", rogue.toString(), "--join-timeout", "5000"))
                    .hasMessageContaining("exited with 1 before it started");
            // No TLS at all: refused too.
            assertThatThrownBy(() -> cluster.addWorker("--config", plain.toString(), "--join-timeout", "5000"))
                    .hasMessageContaining("exited with 1 before it started");
            CliResult rogueStatus = cluster.cli("status", "--json", "--config", rogue.toString());
            assertThat(rogueStatus.exitCode()).as(rogueStatus.toString()).isNotZero();

            JsonNode after = new ObjectMapper().readTree(cluster.cli("status", "--json", "--config", good.toString()).stdout());
            assertThat(after.path("nodes")).as("the refused workers never joined").hasSize(2);
        }
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
