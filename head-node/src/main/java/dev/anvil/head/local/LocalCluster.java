package dev.anvil.head.local;

import dev.anvil.head.HeadNode;
import dev.anvil.head.status.StatusHttpServer;
import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.LocalClusterProvider;
import dev.anvil.worker.WorkerNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The embedded default behind {@code Anvil.local(n)}: a head and n workers in this JVM, on a free loopback port
 * block so that two embedded clusters never join each other.
 */
public final class LocalCluster implements LocalClusterProvider {
    private static final String HOST = "127.0.0.1";
    private static final int PORT_RANGE = 10;
    private static final int COMM_PORTS = 20;
    /** System property: the embedded head's dashboard port; 0 for none. */
    public static final String DASHBOARD_PORT_PROPERTY = "anvil.local.dashboardPort";

    private static final int DEFAULT_DASHBOARD_PORT = 8265;

    @Override
    public Anvil start(int workers, int gpusPerWorker) {
        int base = FreePorts.freeBlock(HOST, PORT_RANGE);
        // Communication ports from a free block too, never Ignite's default 47100 range other clusters use.
        int comm = FreePorts.freeBlock(HOST, COMM_PORTS);
        String address = HOST + ":" + base + ".." + (base + PORT_RANGE - 1);
        String id = UUID.randomUUID().toString().substring(0, 8);
        Path workRoot = createWorkRoot(id);
        List<AutoCloseable> nodes = new ArrayList<>();
        try {
            HeadNode head =
                    HeadNode.start(settings(NodeRole.HEAD, "anvil-local-" + id + "-head", base, comm, address, workRoot)
                            .build());
            nodes.add(head);
            int cpus = Math.max(1, Runtime.getRuntime().availableProcessors());
            for (int i = 0; i < workers; i++) {
                NodeResources res = new NodeResources(NodeResources.declaredGpus(gpusPerWorker), cpus, 2L << 30);
                nodes.add(WorkerNode.start(
                        settings(NodeRole.WORKER, "anvil-local-" + id + "-worker-" + i, base, comm, address, workRoot)
                                .resources(res)
                                .build()));
            }
            dashboard(head).ifPresent(nodes::add); // stopped first
            return new ClusterAnvil(head.ignite(), address, () -> stopAll(nodes, workRoot));
        } catch (RuntimeException e) {
            stopAll(nodes, workRoot);
            throw e;
        }
    }

    /**
     * The embedded head's dashboard and {@code /metrics}, as {@code ray.init()} starts Ray's: on port
     * {@value #DEFAULT_DASHBOARD_PORT} of loopback (system property {@value #DASHBOARD_PORT_PROPERTY}; 0: none) when
     * that port is free; when it is taken (another cluster's head) the embedded cluster runs without one.
     */
    private static java.util.Optional<AutoCloseable> dashboard(HeadNode head) {
        int port = Integer.getInteger(DASHBOARD_PORT_PROPERTY, DEFAULT_DASHBOARD_PORT);
        if (port <= 0 || !FreePorts.isFree(HOST, port)) {
            return java.util.Optional.empty();
        }
        try {
            StatusHttpServer server = StatusHttpServer.start(head.ignite(), HOST, port);
            System.err.println("anvil: embedded cluster dashboard at http://" + HOST + ":" + port + "/");
            return java.util.Optional.of(server);
        } catch (RuntimeException e) { // taken between the check and the bind: run without it
            return java.util.Optional.empty();
        }
    }

    private static NodeSettings.Builder settings(
            NodeRole role, String name, int base, int comm, String address, Path workRoot) {
        return NodeSettings.builder(role, name)
                .host(HOST)
                .discoveryPort(base)
                .communicationPort(comm)
                .discoveryPortRange(PORT_RANGE)
                .seeds(List.of(address))
                .defaultRegionBytes(96L << 20)
                .stateRegionBytes(128L << 20)
                .workDir(workRoot.resolve(name));
    }

    private static Path createWorkRoot(String id) {
        try {
            return Files.createTempDirectory("anvil-local-" + id + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void stopAll(List<AutoCloseable> nodes, Path workRoot) {
        // Workers first, head last: the head outlives the replicas it placed.
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                nodes.get(i).close();
            } catch (Exception e) {
                org.slf4j.LoggerFactory.getLogger(LocalCluster.class).warn("stopping embedded node failed", e);
            }
        }
        try (Stream<Path> paths = Files.walk(workRoot)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            org.slf4j.LoggerFactory.getLogger(LocalCluster.class).warn("could not delete {}", workRoot, e);
        }
    }
}
