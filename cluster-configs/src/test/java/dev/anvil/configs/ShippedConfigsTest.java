package dev.anvil.configs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.cli.NodeOptions;
import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.node.IgniteConfigFactory;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import java.nio.file.Path;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.kubernetes.TcpDiscoveryKubernetesIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.junit.jupiter.api.Test;

/** Every configuration this module ships parses and turns into the Ignite configuration its comments promise. */
class ShippedConfigsTest {
    private static final Path DIR = Path.of(System.getProperty("anvil.home"), "cluster-configs");

    @Test
    void laptopIsLoopbackWithCappedRegionsAndAJoinTimeout() {
        NodeSettings s = settings("laptop.yaml", NodeRole.HEAD);
        assertThat(s.host()).isEqualTo("127.0.0.1");
        assertThat(s.discoveryPort()).isEqualTo(47500);
        assertThat(s.defaultRegionBytes()).isEqualTo(128L << 20);
        assertThat(s.joinTimeoutMs()).isEqualTo(10_000);
        IgniteConfiguration cfg = IgniteConfigFactory.create(
                s.toBuilder().seeds(java.util.List.of("127.0.0.1:47500..47509")).build());
        assertThat(cfg.getIncludeProperties()).isEmpty();
        assertThat(cfg.getDataStorageConfiguration()
                        .getDefaultDataRegionConfiguration()
                        .getMaxSize())
                .isEqualTo(128L << 20);
        assertThat(s.workDir()).isEqualTo(DIR.resolve("../work").normalize().resolve(s.instanceName()));
        NodeConfig.Worker w = NodeConfig.load(DIR.resolve("laptop.yaml")).worker();
        assertThat(w.blobPort()).as("laptop: any free blob port").isZero();
        assertThat(w.blobDir()).as("laptop: the default blob root").isNull();
    }

    @Test
    void multiHostListsEveryHostAsSeed() {
        NodeSettings s = settings("multi-host.yaml", NodeRole.WORKER);
        assertThat(s.stateRegionBytes()).isEqualTo(4L << 30);
        assertThat(s.failureDetectionTimeoutMs()).isEqualTo(5000);
        var cfg = NodeConfig.load(DIR.resolve("multi-host.yaml"));
        assertThat(cfg.discovery().seeds())
                .containsExactly("10.0.0.5:47500..47509", "10.0.0.6:47500..47509", "10.0.0.7:47500..47509");
        IgniteConfiguration ic = IgniteConfigFactory.create(
                s.toBuilder().seeds(cfg.discovery().seeds()).build());
        assertThat(((TcpDiscoverySpi) ic.getDiscoverySpi()).getIpFinder()).isInstanceOf(TcpDiscoveryVmIpFinder.class);
        assertThat(cfg.worker().blobPort())
                .as("a fixed blob port range a firewall can open")
                .isEqualTo(47700);
    }

    @Test
    void kubernetesUsesTheKubernetesIpFinder() {
        NodeSettings s = settings("kubernetes.yaml", NodeRole.WORKER);
        assertThat(s.kubernetes().namespace()).isEqualTo("anvil");
        assertThat(s.kubernetes().serviceName()).isEqualTo("anvil");
        IgniteConfiguration ic = IgniteConfigFactory.create(s);
        assertThat(((TcpDiscoverySpi) ic.getDiscoverySpi()).getIpFinder())
                .isInstanceOf(TcpDiscoveryKubernetesIpFinder.class);
        NodeConfig.Worker w = NodeConfig.load(DIR.resolve("kubernetes.yaml")).worker();
        assertThat(w.blobPort()).isEqualTo(47700);
        assertThat(w.blobDir())
                .as("a memory-backed emptyDir, not the pod's small /dev/shm")
                .isEqualTo("/anvil-blobs");
    }

    @Test
    void tlsTurnsOnSslForDiscoveryCommunicationAndThinClientWithClientAuth() {
        NodeSettings s = settings("tls/tls.yaml", NodeRole.HEAD).toBuilder()
                .thinClientPort(10800)
                .build();
        assertThat(s.tls().keyStore()).isEqualTo(DIR.resolve("tls/certs/node.p12"));
        assertThat(s.tls().trustStore()).isEqualTo(DIR.resolve("tls/certs/trust.p12"));
        IgniteConfiguration ic = IgniteConfigFactory.create(s);
        assertThat(ic.getSslContextFactory()).isNotNull();
        assertThat(ic.getClientConnectorConfiguration().isSslEnabled()).isTrue();
        assertThat(ic.getClientConnectorConfiguration().isSslClientAuth()).isTrue();
    }

    private static NodeSettings settings(String file, NodeRole role) {
        return NodeOptions.fromConfig(DIR.resolve(file)).settings(role).build();
    }
}
