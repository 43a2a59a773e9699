package dev.anvil.cli;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.node.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a worker keeps the weight blobs it holds and which port serves them: {@code --blob-dir} and {@code --blob-port},
 * else {@code worker.blobDir} and {@code worker.blobPort} of the {@code --config} file, else {@code /dev/shm/anvil-blobs}
 * and any free port. Only workers hold blobs, so only {@code anvil worker} has these flags.
 */
public class BlobOptions {
    @Option(
            names = "--blob-dir",
            paramLabel = "DIR",
            description = "Root of this worker's weight blob folder, host memory"
                    + " outside the JVM heap (default /dev/shm/anvil-blobs; each node keeps a folder below it).")
    Path dir;

    @Option(
            names = "--blob-port",
            paramLabel = "PORT",
            description = "First port of this worker's blob server, which other"
                    + " hosts read and write weights through: the worker takes the first free one of --port-range ports from it"
                    + " (default 0: any free port; fix it to open the range in a firewall).")
    Integer port;

    /**
     * The blob root to use, checked: {@code null} means the default. A folder that exists must be a writable directory;
     * one that does not must be creatable under its nearest existing parent.
     *
     * @throws IllegalArgumentException with a one-line message naming the folder
     */
    Path root(NodeConfig.Worker fromFile) {
        String configured = fromFile == null ? null : fromFile.blobDir();
        Path root = dir != null ? dir : configured != null ? Path.of(configured) : null;
        if (root == null) {
            return null;
        }
        Path abs = root.toAbsolutePath().normalize();
        if (Files.exists(abs)) {
            if (!Files.isDirectory(abs)) {
                throw new IllegalArgumentException("--blob-dir is not a directory [blobDir=" + abs + "]");
            }
            if (!Files.isWritable(abs)) {
                throw new IllegalArgumentException("--blob-dir is not writable [blobDir=" + abs + "]");
            }
            return abs;
        }
        Path parent = abs.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent) || !Files.isWritable(parent)) {
            throw new IllegalArgumentException("--blob-dir cannot be created: its parent is not a writable directory"
                    + " [blobDir=" + abs + ", parent=" + parent + "]");
        }
        return abs;
    }

    /**
     * The blob server port to use: 0 (any free port) or a port number.
     *
     * @throws IllegalArgumentException when it is out of range
     */
    int port(NodeConfig.Worker fromFile) {
        int p = NodeOptions.first(port, fromFile == null ? null : fromFile.blobPort(), 0);
        if (p < 0 || p > 65_535) {
            throw new IllegalArgumentException(
                    "--blob-port must be 0 (any free port) or a port number 1..65535 [blobPort=" + p + "]");
        }
        return p;
    }

    /**
     * The first free port of {@code first..first+range-1} on {@code host}: the nodes of one host share a fixed blob
     * port range as they share the discovery range.
     *
     * @throws IllegalArgumentException when every port of the range is taken
     */
    static int firstFree(int first, String host, int range) {
        int last = Math.min(65_535, first + range - 1);
        for (int p = first; p <= last; p++) {
            if (FreePorts.isFree(host, p)) {
                return p;
            }
        }
        throw new IllegalArgumentException(
                "no free blob port [blob-port=" + first + (last > first ? ".." + last : "") + ", host=" + host + "]");
    }
}
