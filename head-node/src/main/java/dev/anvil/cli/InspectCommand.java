package dev.anvil.cli;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.node.TlsSettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.ignite.internal.commandline.CommandHandler;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anvil inspect}: runs Ignite's control utility (the successor of the Visor console) against the head's
 * thin-client port. See {@code docs/INSPECT.md} for what each view shows for Anvil.
 */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        description = "Inspect the cluster with Ignite's control utility (needs the head's thin-client port).")
public class InspectCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--host",
            paramLabel = "ADDR",
            description = "Head address (default: the head recorded here, else 127.0.0.1).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Head thin-client port (default: the head recorded here, else 10800).")
    Integer port;

    @Option(
            names = "--run-dir",
            paramLabel = "DIR",
            description = "Run directory to find the head in (default <anvil home>/run).")
    Path runDir;

    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "Node configuration file; with a tls section, the control utility connects over TLS with its stores.")
    Path config;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    What what;

    @Parameters(
            paramLabel = "ARGS",
            description = "Further control-utility arguments, after --"
                    + " (e.g. -- --node-id ID, or --keystore/--truststore with TLS).")
    List<String> extra = new ArrayList<>();

    /** The one thing to show. */
    static class What {
        @Option(names = "--state", description = "Cluster state (ACTIVE / INACTIVE / ACTIVE_READ_ONLY).")
        boolean state;

        @Option(names = "--baseline", description = "Baseline topology and the server nodes in it.")
        boolean baseline;

        @Option(
                names = "--system-view",
                paramLabel = "VIEW",
                description = "A system view: nodes, node_attributes, services, caches, ...")
        String systemView;

        @Option(
                names = "--metric",
                paramLabel = "NAME",
                description = "A metric or metric registry, e.g. sys, io.dataregion.default.")
        String metric;
    }

    @Override
    public Integer call() {
        RunDirectory dir = runDir == null ? RunDirectory.defaultLocation() : new RunDirectory(runDir);
        Optional<NodeRecord> head = ClusterAddress.recordedHead(dir);
        String h = NodeOptions.first(host, head.map(NodeRecord::host).orElse(null), "127.0.0.1");
        int p = NodeOptions.first(
                port, head.map(NodeRecord::thinClientPort).filter(x -> x > 0).orElse(null), 10800);
        List<String> args = new ArrayList<>();
        if (what == null && extra.isEmpty()) {
            throw new IllegalArgumentException(
                    "inspect needs one of --state, --baseline, --system-view VIEW, --metric NAME" + " [given=nothing]");
        }
        if (what != null) {
            if (what.state) {
                args.add("--state");
            } else if (what.baseline) {
                args.add("--baseline");
            } else if (what.systemView != null) {
                args.addAll(List.of("--system-view", what.systemView));
            } else if (what.metric != null) {
                args.addAll(List.of("--metric", what.metric));
            }
        }
        args.addAll(extra);
        args.addAll(List.of("--host", h, "--port", Integer.toString(p)));
        TlsSettings tls = config == null ? null : NodeConfig.load(config).tlsSettings();
        if (tls != null) {
            args.addAll(List.of(
                    "--keystore",
                    tls.keyStore().toString(),
                    "--keystore-password",
                    tls.keyStorePassword(),
                    "--truststore",
                    tls.trustStore().toString(),
                    "--truststore-password",
                    tls.trustStorePassword()));
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int code = new CommandHandler(new ConsoleIgniteLogger(out, err)).execute(args);
        out.flush();
        err.flush();
        if (code != CommandHandler.EXIT_CODE_OK) {
            err.println("anvil: control utility failed [exit=" + code + ", host=" + h + ", port=" + p + "]");
            err.flush();
        }
        return code;
    }
}
