package dev.anvil.cli;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.KubernetesDiscovery;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Flags every node command ({@code anvil head}, {@code anvil worker}) shares. Each flag, when given, wins over the
 * {@code --config} file, which wins over the laptop defaults.
 */
public class NodeOptions {
    /** Ports a host's nodes spread over, from {@code --port} on. */
    static final int DEFAULT_PORT_RANGE = 10;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Node configuration file (YAML, see cluster-configs).")
    Path config;

    @Option(names = "--host", paramLabel = "ADDR", description = "Local address to bind (default 127.0.0.1).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Discovery port (default 47500). The head binds exactly"
                    + " this port; workers take the first free one of --port-range ports from it.")
    Integer port;

    @Option(
            names = "--port-range",
            paramLabel = "N",
            description = "Discovery ports the nodes of one host use (default 10).")
    Integer portRange;

    @Option(names = "--comm-port", paramLabel = "PORT", description = "First communication port (default 47100).")
    Integer commPort;

    @Option(
            names = "--join-timeout",
            paramLabel = "MS",
            description = "Give up joining after this long (default 10000).")
    Long joinTimeoutMs;

    @Option(
            names = "--failure-detection-timeout",
            paramLabel = "MS",
            description = "Ignite failure detection timeout (default 3000).")
    Long failureDetectionTimeoutMs;

    @Option(
            names = "--default-region",
            paramLabel = "SIZE",
            description = "Cap of the default data region (default 128m).")
    String defaultRegion;

    @Option(
            names = "--state-region",
            paramLabel = "SIZE",
            description = "Cap of the replay buffers' data region (default 128m).")
    String stateRegion;

    @Option(
            names = "--work-dir",
            paramLabel = "DIR",
            description = "Root of the per-node work folders (default <anvil home>/work).")
    Path workDir;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "Where nodes record their pids (default <anvil home>/run).")
    Path runDir;

    @Option(names = "--name", paramLabel = "NAME", description = "Node name (default anvil-<role>-<pid>).")
    String name;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log at INFO instead of WARN.")
    boolean verbose;

    @Option(
            names = "--insecure",
            description = "Start off loopback without TLS (refused otherwise): any process that reaches this node can"
                    + " join the cluster. Warned about at start and shown by `anvil status`.")
    boolean insecure;

    private NodeConfig loaded;

    /** The options a node gets from {@code --config file} alone (no other flags): what the file starts. */
    public static NodeOptions fromConfig(Path file) {
        NodeOptions o = new NodeOptions();
        o.config = file;
        return o;
    }

    /** The configuration file, loaded once; empty when no {@code --config} was given. */
    NodeConfig config() {
        if (loaded == null) {
            loaded = config == null ? NodeConfig.empty() : NodeConfig.load(config);
        }
        return loaded;
    }

    /** The run directory chosen by {@code --run-dir}, or the default one. */
    RunDirectory runDirectory() {
        return runDir == null ? RunDirectory.defaultLocation() : new RunDirectory(runDir);
    }

    /** The node name: {@code --name}, else {@code anvil-<role>-<pid>}. */
    String nodeName(NodeRole role) {
        return name != null
                ? name
                : "anvil-" + role.attributeValue() + "-"
                        + ProcessHandle.current().pid();
    }

    String host() {
        return first(host, config().host(), "127.0.0.1");
    }

    int port() {
        return first(
                port, discovery().map(NodeConfig.Discovery::port).orElse(null), NodeSettings.DEFAULT_DISCOVERY_PORT);
    }

    int portRange() {
        int range = first(
                portRange, discovery().map(NodeConfig.Discovery::portRange).orElse(null), DEFAULT_PORT_RANGE);
        if (range < 1) {
            throw new IllegalArgumentException("--port-range must be >= 1 [portRange=" + range + "]");
        }
        return range;
    }

    /** The discovery address of this host's nodes, {@code host:port..port+range-1}. */
    String localAddress() {
        return host() + ":" + port() + ".." + (port() + portRange() - 1);
    }

    Optional<NodeConfig.Discovery> discovery() {
        return Optional.ofNullable(config().discovery());
    }

    /** Settings common to both roles (flags, then the file, then defaults); the commands add what is theirs. */
    public NodeSettings.Builder settings(NodeRole role) {
        NodeConfig cfg = config();
        String nodeName = nodeName(role);
        int p = port();
        Path workRoot = workDir != null
                ? workDir
                : cfg.workDir() != null
                        ? Path.of(cfg.workDir())
                        : RunDirectory.anvilHome().resolve("work");
        NodeSettings.Builder b = NodeSettings.builder(role, nodeName)
                .host(host())
                .discoveryPort(p)
                .communicationPort(first(
                        commPort,
                        cfg.communication() == null ? null : cfg.communication().port(),
                        NodeSettings.DEFAULT_COMMUNICATION_PORT))
                .joinTimeoutMs(first(
                        joinTimeoutMs,
                        cfg.timeouts() == null ? null : cfg.timeouts().joinMs(),
                        10_000L))
                .failureDetectionTimeoutMs(first(
                        failureDetectionTimeoutMs,
                        cfg.timeouts() == null ? null : cfg.timeouts().failureDetectionMs(),
                        3_000L))
                .defaultRegionBytes(size(
                        first(
                                defaultRegion,
                                cfg.memory() == null ? null : cfg.memory().defaultRegion(),
                                "128m"),
                        "--default-region"))
                .stateRegionBytes(size(
                        first(
                                stateRegion,
                                cfg.memory() == null ? null : cfg.memory().stateRegion(),
                                "128m"),
                        "--state-region"))
                .workDir(workRoot.resolve(nodeName));
        b.tls(cfg.tlsSettings());
        if (insecure) {
            b.attribute(NodeAttributes.INSECURE, true);
        }
        NodeConfig.Kubernetes k8s =
                discovery().map(NodeConfig.Discovery::kubernetes).orElse(null);
        if (k8s != null) {
            b.kubernetes(
                    new KubernetesDiscovery(k8s.namespace(), k8s.serviceName(), k8s.masterUrl(), k8s.accountToken()));
        }
        return b;
    }

    /** Fails with a one-line message when {@code port} is taken on this node's host. */
    void checkPort(int port, String flag) {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException(flag + " must be a port number 1..65535 [port=" + port + "]");
        }
        if (!FreePorts.isFree(host(), port)) {
            throw new IllegalArgumentException(
                    "port in use [" + flag.substring(2) + "=" + port + ", host=" + host() + "]");
        }
    }

    private static long size(String text, String flag) {
        try {
            return ByteSize.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(flag + " is " + e.getMessage(), e);
        }
    }

    @SafeVarargs
    static <T> T first(T... values) {
        for (T v : values) {
            if (v != null) {
                return v;
            }
        }
        return null;
    }
}
