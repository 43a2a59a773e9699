package dev.anvil.cli;

import dev.anvil.head.status.StatusCollector;
import dev.anvil.head.status.StatusFormat;
import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.sdk.Anvil;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anvil demo}: the embedded default end to end. Starts a head and workers in this JVM
 * ({@code Anvil.local}), prints their status and stops them.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Start an embedded head + workers in this JVM, print the cluster status, stop cleanly.")
public class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--workers",
            paramLabel = "N",
            defaultValue = "2",
            description = "Workers to start (default ${DEFAULT-VALUE}).")
    int workers;

    @Option(
            names = "--gpus-per-worker",
            paramLabel = "N",
            defaultValue = "0",
            description = "GPUs each worker pretends to have (default ${DEFAULT-VALUE}).")
    int gpusPerWorker;

    @Option(names = "--json", description = "Print the status as JSON.")
    boolean json;

    @Option(
            names = {"-v", "--verbose"},
            description = "Log at INFO instead of WARN.")
    boolean verbose;

    @Override
    public Integer call() {
        Logging.configure(verbose);
        PrintWriter out = spec.commandLine().getOut();
        long t0 = System.nanoTime();
        try (Anvil anvil = Anvil.local(workers, gpusPerWorker)) {
            out.printf(
                    "embedded cluster up in %d ms [address=%s, workers=%d]%n",
                    (System.nanoTime() - t0) / 1_000_000, anvil.address(), workers);
            var status = new StatusCollector().collect(((ClusterAnvil) anvil).ignite());
            out.print(json ? StatusFormat.json(status) + "\n" : StatusFormat.text(status));
            out.flush();
        }
        out.println("embedded cluster stopped");
        out.flush();
        return 0;
    }
}
