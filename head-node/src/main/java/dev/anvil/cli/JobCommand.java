package dev.anvil.cli;

import dev.anvil.cli.config.NodeConfig;
import dev.anvil.internal.client.ClusterConnector;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code anvil job submit|status|logs|stop|list}: submitted applications, like {@code ray job}.
 *
 * <pre>
 * anvil job submit --address 127.0.0.1:47500..47509 --jar app.jar --main com.example.Main --follow -- --steps 100
 * anvil job logs job-1a2b3c4d --follow
 * anvil job stop job-1a2b3c4d
 * </pre>
 */
@Command(
        name = "job",
        description = "Submit and follow applications (jars) running on the cluster.",
        mixinStandardHelpOptions = true,
        subcommands = {
            JobCommand.Submit.class,
            JobCommand.Status.class,
            JobCommand.Logs.class,
            JobCommand.Stop.class,
            JobCommand.ListJobs.class
        })
public class JobCommand {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** Flags every job command shares: where the cluster is and how to authenticate. */
    static class Connection {
        @Option(
                names = "--address",
                paramLabel = "HOST:PORT",
                description =
                        "Discovery address of the cluster (default: the head recorded on this machine, else $ANVIL_ADDRESS).")
        String address;

        @Option(
                names = "--token-file",
                paramLabel = "FILE",
                description = "File holding the head's job token (default: $ANVIL_TOKEN).")
        Path tokenFile;

        @Option(
                names = "--node-config",
                paramLabel = "FILE",
                description = "Node configuration file; its tls section is used to connect (status, logs, stop and list"
                        + " also take it as --config).")
        Path nodeConfig;

        @Option(
                names = "--insecure",
                description = "Connect to a cluster off loopback without TLS (refused otherwise).")
        boolean insecure;

        @Option(
                names = "--run-dir",
                paramLabel = "DIR",
                description = "Run directory to find the head in (default <anvil home>/run).")
        Path runDir;

        @Option(
                names = {"-v", "--verbose"},
                description = "Log at INFO instead of WARN.")
        boolean verbose;

        JobClient open() {
            Logging.configure(verbose);
            RunDirectory dir = runDir == null ? RunDirectory.defaultLocation() : new RunDirectory(runDir);
            String addr = ClusterAddress.resolve(address, dir);
            SeedProbe.awaitAny(ClusterConnector.parseAddresses(addr), ClusterConnector.CLIENT_JOIN_TIMEOUT_MS);
            return ClusterConnector.jobClient(
                    addr,
                    token(),
                    nodeConfig == null ? null : NodeConfig.load(nodeConfig).tlsSettings(),
                    insecure);
        }

        private String token() {
            if (tokenFile == null) {
                return System.getenv(JobClient.TOKEN_ENV);
            }
            try {
                String t = Files.readString(tokenFile).strip();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("token file is empty [file=" + tokenFile + "]");
                }
                return t.lines().findFirst().orElseThrow().strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the token file [file=" + tokenFile + "]", e);
            }
        }
    }

    /**
     * The connection flags of the job commands that ship no job file, where {@code --config} (as for {@code anvil
     * status} and {@code anvil inspect}) names the node configuration whose tls section is used.
     */
    static class ConfiguredConnection extends Connection {
        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Node configuration file; its tls section is used to connect.")
        void config(Path file) {
            nodeConfig = file;
        }
    }

    /** {@code anvil job submit}. */
    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "Send an application jar to the cluster and run its driver; with --follow, stream its output"
                    + " and exit with its exit code.")
    static class Submit implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        Connection conn;

        @Option(names = "--jar", required = true, paramLabel = "FILE", description = "The application jar.")
        Path jar;

        @Option(
                names = "--main",
                paramLabel = "CLASS",
                description = "Driver main class (default: the jar's Main-Class).")
        String mainClass;

        @Option(
                names = "--config",
                paramLabel = "FILE",
                description = "Config file shipped with the job (the driver reads its path from -Danvil.job.config).")
        Path config;

        @Option(
                names = "--entrypoint-gpus",
                paramLabel = "N",
                defaultValue = "0",
                description =
                        "GPUs the driver needs; >0 runs it on a worker that has them (default 0: on the worker running the fewest drivers).")
        int entrypointGpus;

        @Option(
                names = "--max-restarts",
                paramLabel = "N",
                description = "Start the driver again, on another node, up to N times when the node running it"
                        + " leaves the cluster (default 0: the job fails).")
        int maxRestarts;

        @Option(names = "--follow", description = "Stream the driver's output until it ends; exit with its exit code.")
        boolean follow;

        @Parameters(paramLabel = "ARGS", description = "Arguments for the driver (after --).")
        List<String> args = new ArrayList<>();

        @Override
        public Integer call() {
            JobSpec.Builder b = JobSpec.builder()
                    .jar(jar)
                    .mainClass(mainClass)
                    .args(args)
                    .entrypointGpus(entrypointGpus)
                    .maxRestarts(maxRestarts);
            if (config != null) {
                b.config(config);
            }
            JobSpec job = b.build();
            PrintWriter out = spec.commandLine().getOut();
            try (JobClient jobs = conn.open()) {
                String id = jobs.submit(job);
                if (!follow) {
                    out.println(id);
                    out.flush();
                    return 0;
                }
                PrintWriter err = spec.commandLine().getErr();
                err.println("anvil: job " + id + " submitted; following its output (Ctrl-C leaves it running)");
                err.flush();
                int code = jobs.follow(id, text -> {
                    out.print(text);
                    out.flush();
                });
                JobInfo info = jobs.info(id);
                err.println("anvil: job " + id + " " + info.state() + " [exitCode=" + code + "]");
                err.flush();
                return code;
            }
        }
    }

    /** {@code anvil job status ID}. */
    @Command(name = "status", mixinStandardHelpOptions = true, description = "Show one job.")
    static class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfiguredConnection conn;

        @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
        String id;

        @Override
        public Integer call() {
            try (JobClient jobs = conn.open()) {
                JobInfo j = jobs.info(id);
                PrintWriter out = spec.commandLine().getOut();
                out.println("id:        " + j.id());
                out.println("state:     " + j.state());
                out.println("main:      " + j.mainClass());
                out.println("node:      " + dash(j.node()));
                out.println("submitted: " + time(j.submittedAt()));
                out.println("started:   " + time(j.startedAt()));
                out.println("ended:     " + time(j.endedAt()));
                out.println("exit code: " + dash(j.exitCode()));
                out.println("services:  " + (j.services().isEmpty() ? "-" : String.join(", ", j.services())));
                if (j.message() != null) {
                    out.println("message:   " + j.message());
                }
                out.flush();
                return 0;
            }
        }
    }

    /** {@code anvil job logs ID [--follow]}. */
    @Command(name = "logs", mixinStandardHelpOptions = true, description = "Print a job's output (stdout and stderr).")
    static class Logs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfiguredConnection conn;

        @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
        String id;

        @Option(names = "--follow", description = "Keep printing until the job ends; exit with its exit code.")
        boolean follow;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (JobClient jobs = conn.open()) {
                if (!follow) {
                    out.print(jobs.logs(id));
                    out.flush();
                    return 0;
                }
                return jobs.follow(id, text -> {
                    out.print(text);
                    out.flush();
                });
            }
        }
    }

    /** {@code anvil job stop ID}. */
    @Command(
            name = "stop",
            mixinStandardHelpOptions = true,
            description = "Stop a job's driver and shut down every service it spawned.")
    static class Stop implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfiguredConnection conn;

        @Parameters(index = "0", paramLabel = "ID", description = "The job id.")
        String id;

        @Override
        public Integer call() {
            try (JobClient jobs = conn.open()) {
                jobs.stop(id);
                spec.commandLine().getOut().println("job " + id + " " + jobs.status(id));
                spec.commandLine().getOut().flush();
                return 0;
            }
        }
    }

    /** {@code anvil job list}. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every job of the cluster.")
    static class ListJobs implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        ConfiguredConnection conn;

        @Override
        public Integer call() {
            try (JobClient jobs = conn.open()) {
                PrintWriter out = spec.commandLine().getOut();
                String fmt = "%-14s %-10s %-30s %-20s %-19s %-19s %-5s %s%n";
                out.printf(fmt, "ID", "STATE", "MAIN", "NODE", "SUBMITTED", "ENDED", "EXIT", "SERVICES");
                for (JobInfo j : jobs.list()) {
                    out.printf(
                            fmt,
                            j.id(),
                            j.state(),
                            j.mainClass(),
                            dash(j.node()),
                            time(j.submittedAt()),
                            time(j.endedAt()),
                            dash(j.exitCode()),
                            j.services().isEmpty() ? "-" : String.join(",", j.services()));
                }
                out.flush();
                return 0;
            }
        }
    }

    private static String time(Instant t) {
        return t == null ? "-" : TIME.format(t);
    }

    private static String dash(Object o) {
        return o == null ? "-" : o.toString();
    }
}
