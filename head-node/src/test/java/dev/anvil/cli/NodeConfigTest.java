package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.cli.config.ConfigException;
import dev.anvil.cli.config.NodeConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeConfigTest {
    @TempDir
    Path dir;

    @Test
    void readsEverySectionAndResolvesPathsAgainstTheFile() throws IOException {
        Path f = write("""
                host: 10.0.0.5
                discovery: { port: 47600, portRange: 5, seeds: ["10.0.0.6:47600..47604"] }
                communication: { port: 47200 }
                head: { thinClientPort: 10900, statusPort: 0 }
                worker: { head: "10.0.0.5:47600", gpus: auto, cpus: 16, memory: 64g }
                memory: { defaultRegion: 256m, stateRegion: 1g }
                timeouts: { joinMs: 5000, failureDetectionMs: 2000 }
                workDir: work
                tls: { keyStore: certs/node.p12, keyStorePassword: pw, trustStore: certs/trust.p12, trustStorePassword: pw }
                """);
        NodeConfig cfg = NodeConfig.load(f);
        assertThat(cfg.host()).isEqualTo("10.0.0.5");
        assertThat(cfg.discovery().seeds()).containsExactly("10.0.0.6:47600..47604");
        assertThat(cfg.head().statusPort()).isZero();
        assertThat(cfg.worker().memory()).isEqualTo("64g");
        assertThat(cfg.timeouts().joinMs()).isEqualTo(5000);
        assertThat(cfg.workDir()).isEqualTo(dir.resolve("work").toString());
        assertThat(cfg.tls().keyStore()).isEqualTo(dir.resolve("certs/node.p12").toString());
    }

    @Test
    void flagsWinOverTheFileWhichWinsOverDefaults() throws IOException {
        Path f = write("host: 127.0.0.1\ndiscovery: { port: 40000 }\nmemory: { stateRegion: 64m }\n");
        NodeOptions opts = new NodeOptions();
        opts.config = f;
        opts.port = 41000;
        var s = opts.settings(dev.anvil.internal.node.NodeRole.HEAD).build();
        assertThat(s.discoveryPort()).isEqualTo(41000);
        assertThat(s.stateRegionBytes()).isEqualTo(64L << 20);
        assertThat(s.defaultRegionBytes()).isEqualTo(128L << 20);
    }

    @Test
    void anEmptyFileMeansDefaults() throws IOException {
        assertThat(NodeConfig.load(write(""))).isEqualTo(NodeConfig.empty());
    }

    @Test
    void unknownSettingIsNamedWithItsPath() throws IOException {
        Path f = write("host: 127.0.0.1\ndiscovery: { prot: 1 }\n");
        assertThatThrownBy(() -> NodeConfig.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file has an unknown setting 'discovery.prot'")
                .hasMessageContaining("file=" + f);
    }

    @Test
    void brokenYamlIsOneLineNamingTheFile() throws IOException {
        Path f = write("discovery: { port: [1, 2\n");
        assertThatThrownBy(() -> NodeConfig.load(f))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config file does not parse at line")
                .hasMessageEndingWith("[file=" + f + "]")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void wrongTypeIsRefused() throws IOException {
        Path f = write("discovery: { port: lots }\n");
        assertThatThrownBy(() -> NodeConfig.load(f)).hasMessageStartingWith("config file does not parse at line 1");
    }

    @Test
    void missingFileIsNamed() {
        Path f = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> NodeConfig.load(f)).hasMessage("config file not found [file=" + f + "]");
    }

    private Path write(String text) throws IOException {
        Path f = dir.resolve("node.yaml");
        Files.writeString(f, text);
        return f;
    }
}
