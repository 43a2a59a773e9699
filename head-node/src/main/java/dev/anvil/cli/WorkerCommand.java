package dev.anvil.cli;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.client.ClusterConnector;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.internal.node.TransportSecurity;
import dev.anvil.worker.WorkerNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code anvil worker}: starts a worker that joins the head and advertises its resources. */
@Command(
        name = "worker",
        description = "Start a worker node that joins a head and offers GPUs, CPUs and memory.",
        mixinStandardHelpOptions = true)
public class WorkerCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Mixin
    BlobOptions blobs;

    @Option(
            names = "--head",
            paramLabel = "HOST:PORT",
            description =
                    "Discovery address of the head (HOST:PORT or HOST:FROM..TO); required unless the config has worker.head.")
    String head;

    @Option(
            names = "--gpus",
            paramLabel = "N|auto",
            description = "GPUs to offer: a count, or auto (nvidia-smi; default).")
    String gpus;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs to offer (default: all of this machine's).")
    Integer cpus;

    @Option(
            names = "--memory",
            paramLabel = "SIZE",
            description = "Memory to offer, e.g. 8g (default: half the machine's).")
    String memory;

    @Override
    public Integer call() throws Exception {
        Logging.configure(node.verbose);
        NodeConfig.Worker w = node.config().worker();
        Path blobRoot = blobs.root(w);
        int blobPort = blobs.port(w);
        if (blobPort != 0) {
            // Fail now with one clear line when the whole range is taken; the holder itself binds the first free
            // port of the range, so that workers started together on one host each get their own.
            BlobOptions.firstFree(blobPort, node.host(), node.portRange());
        }
        String headAddress = NodeOptions.first(head, w == null ? null : w.head());
        List<String> seeds = new ArrayList<>();
        if (headAddress != null) {
            seeds.addAll(ClusterConnector.parseAddresses(headAddress));
        }
        node.discovery().map(NodeConfig.Discovery::seeds).ifPresent(seeds::addAll);
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("a worker needs the head's address: --head HOST:PORT [head=<unset>]");
        }
        NodeResources resources = resources(w);
        NodeSettings settings = node.settings(NodeRole.WORKER)
                .discoveryPortRange(node.portRange())
                .seeds(seeds.stream().distinct().toList())
                .resources(resources)
                .blobRoot(blobRoot)
                .blobPort(blobPort)
                .build();

        TransportSecurity.check(settings); // before waiting for seeds: refused at once, saying how to fix it
        SeedProbe.awaitAny(settings.seeds(), settings.joinTimeoutMs());
        WorkerNode worker = WorkerNode.start(settings);
        NodeRecord rec = new NodeRecord(
                ProcessHandle.current().pid(),
                NodeRole.WORKER.attributeValue(),
                settings.instanceName(),
                settings.host(),
                String.join(",", settings.seeds()),
                0,
                0,
                System.currentTimeMillis());
        String line = "anvil worker started [name=" + rec.name() + ", head=" + rec.clusterAddress() + ", gpus="
                + resources.gpus().size() + ", cpus=" + resources.cpus() + ", memory="
                + ByteSize.format(resources.memoryBytes())
                + ", blobs=" + worker.ignite().cluster().localNode().attribute(NodeAttributes.BLOB_ADDRESS)
                + ", pid=" + rec.pid() + "]";
        return new NodeRunner(node.runDirectory(), rec, List.of(worker))
                .runUntilStopped(spec.commandLine().getOut(), line);
    }

    private NodeResources resources(NodeConfig.Worker w) {
        GpuSpec gpuSpec = GpuSpec.parse(NodeOptions.first(gpus, w == null ? null : w.gpus(), "auto"));
        int cpuCount = NodeOptions.first(
                cpus, w == null ? null : w.cpus(), Runtime.getRuntime().availableProcessors());
        if (cpuCount < 0) {
            throw new IllegalArgumentException("--cpus must be >= 0 [cpus=" + cpuCount + "]");
        }
        String mem = NodeOptions.first(memory, w == null ? null : w.memory());
        long memBytes;
        try {
            memBytes = mem != null ? ByteSize.parse(mem) : halfOfMachineMemory();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--memory is " + e.getMessage(), e);
        }
        return new NodeResources(gpuSpec.resolve(), cpuCount, memBytes);
    }

    private static long halfOfMachineMemory() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getTotalMemorySize() / 2;
        }
        return 0;
    }
}
