package dev.anvil.testkit;

import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.internal.node.NodeStarter;
import dev.anvil.sdk.Anvil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;

/**
 * Real Ignite nodes in one JVM for state tests: worker servers that hold the data and client nodes that use it, on a
 * free loopback port block. Close it to stop every node.
 *
 * <p>Servers start as plain data nodes; tests of weights, which need each worker's blob holder, pass the worker
 * module's starter ({@code BlobHostingNode::start}).
 */
public final class StateCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int RANGE = 10;

    private final String id = UUID.randomUUID().toString().substring(0, 8);
    private final int base = FreePorts.freeBlock(HOST, RANGE);
    private final List<Ignite> nodes = new ArrayList<>();
    private final long stateRegionBytes;
    private final Function<NodeSettings, Ignite> serverStarter;
    /** Ignite writes marshaller mappings to its work directory: keep them out of the source tree. */
    private final Path workDir;

    private StateCluster(long stateRegionBytes, Function<NodeSettings, Ignite> serverStarter) {
        this.stateRegionBytes = stateRegionBytes;
        this.serverStarter = serverStarter;
        try {
            this.workDir = Files.createTempDirectory("anvil-state-test-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code servers} worker nodes with a 64 MiB state region. */
    public static StateCluster start(int servers) {
        return start(servers, 64L << 20);
    }

    /** Starts {@code servers} worker nodes with the given state region size. */
    public static StateCluster start(int servers, long stateRegionBytes) {
        return start(servers, stateRegionBytes, NodeStarter::start);
    }

    /** Starts {@code servers} worker nodes with a 64 MiB state region, each started by {@code serverStarter}. */
    public static StateCluster start(int servers, Function<NodeSettings, Ignite> serverStarter) {
        return start(servers, 64L << 20, serverStarter);
    }

    /** Starts {@code servers} worker nodes with the given state region size, each started by {@code serverStarter}. */
    public static StateCluster start(int servers, long stateRegionBytes, Function<NodeSettings, Ignite> serverStarter) {
        StateCluster c = new StateCluster(stateRegionBytes, serverStarter);
        try {
            for (int i = 0; i < servers; i++) {
                c.startNode(NodeRole.WORKER);
            }
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Starts one more node of {@code role}. */
    public Ignite startNode(NodeRole role) {
        NodeSettings s = NodeSettings.builder(role, "state-" + id + "-" + nodes.size())
                .host(HOST)
                .discoveryPort(base)
                .discoveryPortRange(RANGE)
                .seeds(List.of(address()))
                .defaultRegionBytes(32L << 20)
                .stateRegionBytes(stateRegionBytes)
                .workDir(workDir.resolve("node-" + nodes.size()))
                .build();
        Ignite node = role == NodeRole.CLIENT ? NodeStarter.start(s) : serverStarter.apply(s);
        nodes.add(node);
        return node;
    }

    /** A new client node as an SDK handle; closed with the cluster. */
    public Anvil client() {
        return Clusters.handle(startNode(NodeRole.CLIENT), address());
    }

    /** The SDK handle of an existing node. */
    public Anvil handle(Ignite node) {
        return Clusters.handle(node, address());
    }

    /** The i-th node started. */
    public Ignite node(int i) {
        return nodes.get(i);
    }

    /** Stops the i-th node as a crash would (no graceful leave). */
    public void crash(int i) {
        Ignition.stop(nodes.get(i).name(), true);
    }

    /** Discovery address of the cluster. */
    public String address() {
        return HOST + ":" + base + ".." + (base + RANGE - 1);
    }

    @Override
    public void close() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            try {
                Ignition.stop(nodes.get(i).name(), true);
            } catch (RuntimeException e) {
                // already stopped
            }
        }
        TestFiles.deleteTree(workDir);
    }
}
