package dev.anvil.cli;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.head.status.ClusterStatus;
import dev.anvil.head.status.StatusCollector;
import dev.anvil.head.status.StatusFormat;
import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.internal.client.ClusterConnector;
import dev.anvil.internal.node.TlsSettings;
import dev.anvil.sdk.Anvil;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code anvil status}: nodes, resources, services and jobs of a running cluster, like {@code ray status}. */
@Command(
        name = "status",
        description = "Show the nodes, resources, services and jobs of a running cluster.",
        mixinStandardHelpOptions = true)
public class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--address",
            paramLabel = "HOST:PORT",
            description =
                    "Discovery address of the cluster (default: the head recorded on this machine, else $ANVIL_ADDRESS).")
    String address;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Node configuration file; its tls section is used to connect.")
    Path config;

    @Option(names = "--insecure", description = "Connect to a cluster off loopback without TLS (refused otherwise).")
    boolean insecure;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "Run directory to find the head in (default <anvil home>/run).")
    Path runDir;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log at INFO instead of WARN.")
    boolean verbose;

    @Override
    public Integer call() {
        Logging.configure(verbose);
        RunDirectory dir = runDir == null ? RunDirectory.defaultLocation() : new RunDirectory(runDir);
        String addr = ClusterAddress.resolve(address, dir);
        SeedProbe.awaitAny(ClusterConnector.parseAddresses(addr), ClusterConnector.CLIENT_JOIN_TIMEOUT_MS);
        ClusterStatus status;
        TlsSettings tls = config == null ? null : NodeConfig.load(config).tlsSettings();
        try (Anvil anvil = ClusterConnector.connect(addr, tls, insecure, java.util.List.of())) {
            status = new StatusCollector().collect(((ClusterAnvil) anvil).ignite());
        }
        spec.commandLine().getOut().print(json ? StatusFormat.json(status) + "\n" : StatusFormat.text(status));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
