package dev.anvil.cli;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.head.HeadNode;
import dev.anvil.head.jobs.JobSettings;
import dev.anvil.head.status.StatusHttpServer;
import dev.anvil.internal.client.ClusterConnector;
import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code anvil head}: starts the head node and keeps it up until SIGTERM. */
@Command(
        name = "head",
        description = "Start the head node (control plane) of a cluster.",
        mixinStandardHelpOptions = true)
public class HeadCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node;

    @Option(
            names = "--thin-port",
            paramLabel = "PORT",
            description = "Thin-client port for 'anvil inspect' (default 10800; 0 closes it).")
    Integer thinPort;

    @Option(names = "--status-port", paramLabel = "PORT", description = "HTTP status port (default 8265; 0 closes it).")
    Integer statusPort;

    @Option(
            names = "--auth-token-file",
            paramLabel = "FILE",
            description =
                    "Token clients must present to submit or"
                            + " stop jobs (first line of FILE). Without one the head takes jobs only while it listens on loopback.")
    Path authTokenFile;

    @Option(
            names = "--job-jar-limit",
            paramLabel = "SIZE",
            description = "Largest job jar (and config) the head" + " accepts, kept in cluster memory (default 32m).")
    String jobJarLimit;

    @Option(
            names = "--seeds",
            paramLabel = "ADDRS",
            split = ",",
            description = "Discovery addresses of other hosts' nodes (HOST:PORT or HOST:FROM..TO), comma separated.")
    List<String> seeds;

    @Option(
            names = "--standby",
            description = "Start a standby head: it joins the cluster through --seeds, waits, and takes over"
                    + " (placement, health, restarts, jobs, status port) within seconds when the active head dies."
                    + " Without it, a head refuses to start while another head is active.")
    boolean standby;

    @Override
    public Integer call() throws Exception {
        Logging.configure(node.verbose);
        NodeConfig cfg = node.config();
        int port = node.port();
        node.checkPort(port, "--port");
        int thin = NodeOptions.first(
                thinPort,
                cfg.head() == null ? null : cfg.head().thinClientPort(),
                NodeSettings.DEFAULT_THIN_CLIENT_PORT);
        int status = NodeOptions.first(
                statusPort, cfg.head() == null ? null : cfg.head().statusPort(), 8265);
        if (thin != 0) {
            node.checkPort(thin, "--thin-port");
        }
        // A standby binds the status port only when it takes over: on the same host as the active head, it is the
        // same port, free once that head is gone.
        if (status != 0 && !standby) {
            checkStatusPort(status);
        }
        String address = node.localAddress();
        List<String> allSeeds = new ArrayList<>(List.of(address));
        if (seeds != null) {
            allSeeds.addAll(ClusterConnector.parseAddresses(String.join(",", seeds)));
        }
        node.discovery().map(NodeConfig.Discovery::seeds).ifPresent(allSeeds::addAll);
        NodeSettings settings = node.settings(NodeRole.HEAD)
                .discoveryPortRange(0)
                .seeds(allSeeds.stream().distinct().toList())
                .thinClientPort(thin)
                .build();

        JobSettings jobs = JobSettings.defaults();
        if (jobJarLimit != null) {
            jobs = jobs.withMaxJarBytes(ByteSize.parse(jobJarLimit));
        }
        if (authTokenFile != null) {
            jobs = jobs.withTokenFile(authTokenFile);
        }
        HeadNode head = HeadNode.start(settings, jobs, standby);
        List<AutoCloseable> running = new ArrayList<>(List.of(head));
        if (status != 0) {
            // Served by whichever head is active: a standby binds the port when it takes over.
            String host = settings.host();
            try {
                head.whileActive("status-http", (ignite, h) -> StatusHttpServer.start(ignite, host, status));
            } catch (RuntimeException e) {
                head.close();
                throw e;
            }
        }
        NodeRecord rec = new NodeRecord(
                ProcessHandle.current().pid(),
                NodeRole.HEAD.attributeValue(),
                settings.instanceName(),
                settings.host(),
                address,
                thin,
                status,
                System.currentTimeMillis());
        String line = "anvil head started [name=" + rec.name() + ", role=" + (head.isActive() ? "active" : "standby")
                + ", address=" + address + ", thinClientPort=" + thin
                + ", dashboard=" + (status == 0 ? "off" : "http://" + settings.host() + ":" + status + "/")
                + ", pid=" + rec.pid() + "]";
        return new NodeRunner(node.runDirectory(), rec, running)
                .runUntilStopped(spec.commandLine().getOut(), line);
    }

    /**
     * A taken status port refuses the start, before anything runs: a head whose dashboard and {@code /metrics} are
     * silently missing would leave monitoring blind, and port 0 turns them off on purpose.
     */
    private void checkStatusPort(int status) {
        if (status < 1 || status > 65_535) {
            throw new IllegalArgumentException(
                    "--status-port must be a port number 1..65535, or 0 for none [port=" + status + "]");
        }
        if (!FreePorts.isFree(node.host(), status)) {
            throw new IllegalArgumentException("status port in use: the dashboard and /metrics need it; choose"
                    + " another with --status-port PORT, or --status-port 0 to run without them [status-port="
                    + status + ", host=" + node.host() + "]");
        }
    }
}
