package dev.anvil.internal.node;

import java.util.HashMap;
import java.util.Map;
import org.apache.ignite.configuration.ClientConnectorConfiguration;
import org.apache.ignite.configuration.DataPageEvictionMode;
import org.apache.ignite.configuration.DataRegionConfiguration;
import org.apache.ignite.configuration.DataStorageConfiguration;
import org.apache.ignite.configuration.ExecutorConfiguration;
import org.apache.ignite.configuration.IgniteConfiguration;
import org.apache.ignite.events.EventType;
import org.apache.ignite.failure.NoOpFailureHandler;
import org.apache.ignite.kubernetes.configuration.KubernetesConnectionConfiguration;
import org.apache.ignite.spi.communication.tcp.TcpCommunicationSpi;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.kubernetes.TcpDiscoveryKubernetesIpFinder;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;
import org.apache.ignite.ssl.SslContextFactory;

/**
 * Turns {@link NodeSettings} into an {@link IgniteConfiguration}: the one place where Anvil decides how its Ignite
 * nodes are configured.
 *
 * <p>Rules every node follows: no environment or system property leaks into node attributes, data regions are
 * capped, joins time out, peer class loading is off (Anvil ships its own classes to every node).
 */
public final class IgniteConfigFactory {
    /**
     * Executor of control tasks (health probes) on every node, apart from the public pool that runs replica calls: a
     * probe must not wait behind a full replica's calls and report a busy replica as dead.
     */
    public static final String CONTROL_EXECUTOR = "anvil-control";

    /** Data region for replay buffers: capped and evicting, so a full buffer never halts a node. */
    public static final String STATE_REGION = "anvil-state";
    /** Fill ratio of the state region at which Ignite starts evicting pages. */
    public static final double STATE_EVICTION_THRESHOLD = 0.75;

    private IgniteConfigFactory() {}

    /** Builds the Ignite configuration of one node. */
    public static IgniteConfiguration create(NodeSettings s) {
        IgniteConfiguration cfg = new IgniteConfiguration()
                .setIgniteInstanceName(s.instanceName())
                .setClientMode(s.role() == NodeRole.CLIENT)
                .setIncludeProperties()
                .setIncludeEventTypes(EventType.EVT_NODE_JOINED, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED)
                .setFailureDetectionTimeout(s.failureDetectionTimeoutMs())
                .setClientFailureDetectionTimeout(Math.max(s.failureDetectionTimeoutMs(), 5_000))
                .setMetricsLogFrequency(0)
                .setPeerClassLoadingEnabled(false)
                .setServiceThreadPoolSize(64)
                // Replica calls run as compute tasks and may wait in a replica's bounded queue: room for them.
                .setPublicThreadPoolSize(64)
                .setExecutorConfiguration(new ExecutorConfiguration(CONTROL_EXECUTOR).setSize(4))
                .setGridLogger(new AnvilIgniteLogger())
                .setUserAttributes(attributes(s))
                .setDiscoverySpi(discovery(s))
                .setCommunicationSpi(communication(s))
                .setDataStorageConfiguration(storage(s));
        if (s.role() == NodeRole.CLIENT) {
            // A client (a driver, the CLI, a test) hosts no data and no services. Ignite 2.17's service-deployment
            // worker can die on a client with an NPE (IgniteServiceProcessor.removeFromServicesMap, while replicas
            // come and go), and the default handler then halts the whole JVM: the user's program, not just the node.
            // The client's calls, caches and jobs do not need that worker, so the failure is logged and ignored.
            cfg.setFailureHandler(new NoOpFailureHandler());
        }
        if (s.workDir() != null) {
            cfg.setWorkDirectory(s.workDir().toAbsolutePath().toString());
        }
        if (s.tls() != null) {
            cfg.setSslContextFactory(ssl(s.tls()));
        }
        cfg.setClientConnectorConfiguration(clientConnector(s));
        return cfg;
    }

    private static Map<String, Object> attributes(NodeSettings s) {
        Map<String, Object> attrs = new HashMap<>(s.extraAttributes());
        attrs.put(NodeAttributes.ROLE, s.role().attributeValue());
        attrs.put(NodeAttributes.STARTED_AT, System.currentTimeMillis());
        attrs.put(NodeAttributes.PID, ProcessHandle.current().pid());
        if (s.role() == NodeRole.WORKER) {
            s.resources().putAttributes(attrs);
        }
        return attrs;
    }

    private static TcpDiscoverySpi discovery(NodeSettings s) {
        TcpDiscoverySpi spi = new TcpDiscoverySpi();
        if (s.kubernetes() != null) {
            spi.setIpFinder(kubernetesIpFinder(s.kubernetes(), s.discoveryPort()));
        } else {
            TcpDiscoveryVmIpFinder ipFinder = new TcpDiscoveryVmIpFinder();
            ipFinder.setAddresses(s.seeds());
            spi.setIpFinder(ipFinder);
        }
        spi.setLocalAddress(s.host());
        spi.setLocalPort(s.discoveryPort());
        spi.setLocalPortRange(s.discoveryPortRange());
        spi.setJoinTimeout(s.joinTimeoutMs());
        return spi;
    }

    private static TcpDiscoveryKubernetesIpFinder kubernetesIpFinder(KubernetesDiscovery k8s, int discoveryPort) {
        KubernetesConnectionConfiguration cfg = new KubernetesConnectionConfiguration().setDiscoveryPort(discoveryPort);
        if (k8s.namespace() != null) {
            cfg.setNamespace(k8s.namespace());
        }
        if (k8s.serviceName() != null) {
            cfg.setServiceName(k8s.serviceName());
        }
        if (k8s.masterUrl() != null) {
            cfg.setMasterUrl(k8s.masterUrl());
        }
        if (k8s.accountToken() != null) {
            cfg.setAccountToken(k8s.accountToken());
        }
        return new TcpDiscoveryKubernetesIpFinder(cfg);
    }

    private static TcpCommunicationSpi communication(NodeSettings s) {
        TcpCommunicationSpi spi = new TcpCommunicationSpi();
        spi.setLocalAddress(s.host());
        spi.setLocalPort(s.communicationPort());
        spi.setLocalPortRange(200);
        return spi;
    }

    private static DataStorageConfiguration storage(NodeSettings s) {
        DataRegionConfiguration def = new DataRegionConfiguration()
                .setName("default")
                .setInitialSize(Math.min(s.defaultRegionBytes(), 32L << 20))
                .setMaxSize(s.defaultRegionBytes());
        DataRegionConfiguration state = new DataRegionConfiguration()
                .setName(STATE_REGION)
                .setInitialSize(Math.min(s.stateRegionBytes(), 32L << 20))
                .setMaxSize(s.stateRegionBytes())
                .setPageEvictionMode(DataPageEvictionMode.RANDOM_2_LRU)
                // Evict early and keep a pool of free pages: a write batch lands between two eviction checks, and a
                // region that fills up anyway halts the node.
                .setEvictionThreshold(STATE_EVICTION_THRESHOLD)
                .setEmptyPagesPoolSize(emptyPagesPool(s.stateRegionBytes()));
        return new DataStorageConfiguration()
                .setDefaultDataRegionConfiguration(def)
                .setDataRegionConfigurations(state)
                .setSystemDataRegionConfiguration(new org.apache.ignite.configuration.SystemDataRegionConfiguration()
                        .setInitialSize(16L << 20)
                        .setMaxSize(64L << 20));
    }

    /** Free pages kept in the state region: a tenth of it, at most 4096 (16 MiB), at least Ignite's default 100. */
    static int emptyPagesPool(long regionBytes) {
        long pages = regionBytes / DataStorageConfiguration.DFLT_PAGE_SIZE;
        return (int) Math.max(100, Math.min(4096, pages / 10 - 1));
    }

    private static ClientConnectorConfiguration clientConnector(NodeSettings s) {
        if (s.thinClientPort() <= 0 || s.role() == NodeRole.CLIENT) {
            return null;
        }
        ClientConnectorConfiguration ccc = new ClientConnectorConfiguration()
                .setHost(s.host())
                .setPort(s.thinClientPort())
                .setPortRange(0);
        if (s.tls() != null) {
            ccc.setSslEnabled(true).setUseIgniteSslContextFactory(true).setSslClientAuth(true);
        }
        return ccc;
    }

    private static SslContextFactory ssl(TlsSettings tls) {
        SslContextFactory f = new SslContextFactory();
        f.setKeyStoreFilePath(tls.keyStore().toAbsolutePath().toString());
        f.setKeyStorePassword(tls.keyStorePassword().toCharArray());
        f.setKeyStoreType(storeType(tls.keyStore().toString()));
        f.setTrustStoreFilePath(tls.trustStore().toAbsolutePath().toString());
        f.setTrustStorePassword(tls.trustStorePassword().toCharArray());
        f.setTrustStoreType(storeType(tls.trustStore().toString()));
        return f;
    }

    private static String storeType(String path) {
        return path.endsWith(".jks") ? "JKS" : "PKCS12";
    }
}
