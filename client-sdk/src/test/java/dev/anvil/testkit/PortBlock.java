package dev.anvil.testkit;

import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import java.nio.file.Path;
import java.util.List;

/**
 * A block of free loopback ports for nodes a test starts in its own JVM ({@code HeadNode.start},
 * {@code WorkerNode.start}): discovery on {@code base..base+9}, communication from {@code base+10}.
 *
 * <pre>{@code
 * PortBlock ports = PortBlock.free();
 * try (HeadNode head = HeadNode.start(ports.settings(NodeRole.HEAD, "head-" + ports.base(), tmp).build())) { ... }
 * }</pre>
 *
 * @param base the first port of the block
 */
public record PortBlock(int base) {
    /** Loopback host of every node on the block. */
    public static final String HOST = "127.0.0.1";
    /** Discovery ports of the block; as many communication ports follow them. */
    public static final int RANGE = 10;

    /** A block whose discovery ports are free now, from a random start. */
    public static PortBlock free() {
        return new PortBlock(FreePorts.freeBlock(HOST, RANGE));
    }

    /** The discovery address {@code 127.0.0.1:base..base+9}, for seeds, {@code Anvil.connect} and the CLI. */
    public String address() {
        return HOST + ":" + base + ".." + (base + RANGE - 1);
    }

    /** Settings of a node named {@code name} joining this block, its Ignite work files under {@code workDir}. */
    public NodeSettings.Builder settings(NodeRole role, String name, Path workDir) {
        return NodeSettings.builder(role, name)
                .host(HOST)
                .discoveryPort(base)
                .discoveryPortRange(RANGE)
                .seeds(List.of(address()))
                .communicationPort(base + RANGE)
                .workDir(workDir);
    }
}
