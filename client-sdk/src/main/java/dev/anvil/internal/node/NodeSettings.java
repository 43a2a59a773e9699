package dev.anvil.internal.node;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything needed to start one Anvil node; turned into an {@code IgniteConfiguration} by {@link IgniteConfigFactory}.
 *
 * <p>Defaults fit a laptop: loopback, discovery on 47500..47509, a 128 MiB default data region.
 *
 * @param role what the node does
 * @param instanceName Ignite instance name, unique within one JVM
 * @param host local address to bind (discovery and communication)
 * @param discoveryPort first discovery port this node tries to bind
 * @param discoveryPortRange how many ports after {@code discoveryPort} it may try
 * @param seeds discovery addresses of the cluster ({@code host:port} or {@code host:from..to})
 * @param communicationPort first communication port this node tries to bind
 * @param joinTimeoutMs how long a joining node waits for the cluster before failing (never 0: 0 waits forever)
 * @param failureDetectionTimeoutMs Ignite's failure detection timeout
 * @param defaultRegionBytes cap of the default data region (Ignite takes 20% of RAM otherwise)
 * @param stateRegionBytes cap of the region that holds replay buffers (weights live in the blob folder)
 * @param workDir the node's own work directory
 * @param resources what the node offers to replicas
 * @param thinClientPort thin-client (control utility) port, or 0 for none
 * @param tls TLS settings, or {@code null} for plain TCP
 * @param extraAttributes further node attributes
 * @param kubernetes find the seeds through the Kubernetes API instead of {@code seeds}, or {@code null}
 * @param blobRoot where a worker keeps weight blobs ({@code null}: {@code /dev/shm/anvil-blobs} when there is one)
 * @param blobPort first port of a worker's blob server, or 0 for any free port: it binds the first free one of
 *     {@code discoveryPortRange} ports from it, as the nodes of one host share the discovery range
 */
public record NodeSettings(
        NodeRole role,
        String instanceName,
        String host,
        int discoveryPort,
        int discoveryPortRange,
        List<String> seeds,
        int communicationPort,
        long joinTimeoutMs,
        long failureDetectionTimeoutMs,
        long defaultRegionBytes,
        long stateRegionBytes,
        Path workDir,
        NodeResources resources,
        int thinClientPort,
        TlsSettings tls,
        Map<String, Object> extraAttributes,
        KubernetesDiscovery kubernetes,
        Path blobRoot,
        int blobPort) {

    /** Default first discovery port, as Ignite's. */
    public static final int DEFAULT_DISCOVERY_PORT = 47500;
    /** Default first communication port, as Ignite's. */
    public static final int DEFAULT_COMMUNICATION_PORT = 47100;
    /** Default thin-client port, as Ignite's. */
    public static final int DEFAULT_THIN_CLIENT_PORT = 10800;

    public NodeSettings {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(instanceName, "instanceName");
        seeds = List.copyOf(seeds);
        extraAttributes = Map.copyOf(extraAttributes);
        if (joinTimeoutMs <= 0) {
            throw new IllegalArgumentException(
                    "joinTimeoutMs must be > 0, 0 would wait forever [joinTimeoutMs=" + joinTimeoutMs + "]");
        }
        if (blobPort < 0 || blobPort > 65535) {
            throw new IllegalArgumentException("blobPort must be 0 (any) or a port number [blobPort=" + blobPort + "]");
        }
        if (defaultRegionBytes < 16L << 20 || stateRegionBytes < 16L << 20) {
            throw new IllegalArgumentException("data regions must be at least 16 MiB [default=" + defaultRegionBytes
                    + ", state=" + stateRegionBytes + "]");
        }
    }

    /** A builder with laptop defaults for the given role. */
    public static Builder builder(NodeRole role, String instanceName) {
        return new Builder(role, instanceName);
    }

    /** Copies these settings into a builder. */
    public Builder toBuilder() {
        Builder b = new Builder(role, instanceName);
        b.host = host;
        b.discoveryPort = discoveryPort;
        b.discoveryPortRange = discoveryPortRange;
        b.seeds = seeds;
        b.communicationPort = communicationPort;
        b.joinTimeoutMs = joinTimeoutMs;
        b.failureDetectionTimeoutMs = failureDetectionTimeoutMs;
        b.defaultRegionBytes = defaultRegionBytes;
        b.stateRegionBytes = stateRegionBytes;
        b.workDir = workDir;
        b.resources = resources;
        b.thinClientPort = thinClientPort;
        b.tls = tls;
        b.extraAttributes = new HashMap<>(extraAttributes);
        b.kubernetes = kubernetes;
        b.blobRoot = blobRoot;
        b.blobPort = blobPort;
        return b;
    }

    /** Builder for {@link NodeSettings}; every field has a laptop default. */
    public static final class Builder {
        private final NodeRole role;
        private final String instanceName;
        private String host = "127.0.0.1";
        private int discoveryPort = DEFAULT_DISCOVERY_PORT;
        private int discoveryPortRange = 10;
        private List<String> seeds = List.of("127.0.0.1:47500..47509");
        private int communicationPort = DEFAULT_COMMUNICATION_PORT;
        private long joinTimeoutMs = 10_000;
        private long failureDetectionTimeoutMs = 3_000;
        private long defaultRegionBytes = 128L << 20;
        private long stateRegionBytes = 128L << 20;
        private Path workDir;
        private NodeResources resources = NodeResources.none();
        private int thinClientPort;
        private TlsSettings tls;
        private Map<String, Object> extraAttributes = new HashMap<>();
        private KubernetesDiscovery kubernetes;
        private Path blobRoot;
        private int blobPort;

        private Builder(NodeRole role, String instanceName) {
            this.role = role;
            this.instanceName = instanceName;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder discoveryPort(int port) {
            this.discoveryPort = port;
            return this;
        }

        public Builder discoveryPortRange(int range) {
            this.discoveryPortRange = range;
            return this;
        }

        public Builder seeds(List<String> seeds) {
            this.seeds = seeds;
            return this;
        }

        public Builder communicationPort(int port) {
            this.communicationPort = port;
            return this;
        }

        public Builder joinTimeoutMs(long ms) {
            this.joinTimeoutMs = ms;
            return this;
        }

        public Builder failureDetectionTimeoutMs(long ms) {
            this.failureDetectionTimeoutMs = ms;
            return this;
        }

        public Builder defaultRegionBytes(long bytes) {
            this.defaultRegionBytes = bytes;
            return this;
        }

        public Builder stateRegionBytes(long bytes) {
            this.stateRegionBytes = bytes;
            return this;
        }

        public Builder workDir(Path dir) {
            this.workDir = dir;
            return this;
        }

        public Builder resources(NodeResources resources) {
            this.resources = resources;
            return this;
        }

        public Builder thinClientPort(int port) {
            this.thinClientPort = port;
            return this;
        }

        public Builder tls(TlsSettings tls) {
            this.tls = tls;
            return this;
        }

        public Builder attribute(String name, Object value) {
            this.extraAttributes.put(name, value);
            return this;
        }

        public Builder kubernetes(KubernetesDiscovery kubernetes) {
            this.kubernetes = kubernetes;
            return this;
        }

        public Builder blobRoot(Path dir) {
            this.blobRoot = dir;
            return this;
        }

        public Builder blobPort(int port) {
            this.blobPort = port;
            return this;
        }

        public NodeSettings build() {
            return new NodeSettings(
                    role,
                    instanceName,
                    host,
                    discoveryPort,
                    discoveryPortRange,
                    seeds,
                    communicationPort,
                    joinTimeoutMs,
                    failureDetectionTimeoutMs,
                    defaultRegionBytes,
                    stateRegionBytes,
                    workDir,
                    resources,
                    thinClientPort,
                    tls,
                    extraAttributes,
                    kubernetes,
                    blobRoot,
                    blobPort);
        }
    }
}
