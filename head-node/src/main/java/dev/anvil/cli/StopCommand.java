package dev.anvil.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code anvil stop}: stops the nodes started from this machine, by the pids they recorded in the run directory
 * (never by process name): SIGTERM to the workers, then to the head, each given {@code --timeout} to shut down.
 */
@Command(
        name = "stop",
        description = "Stop the nodes started on this machine (by their recorded pids).",
        mixinStandardHelpOptions = true)
public class StopCommand implements Callable<Integer> {
    /** A recorded pid is only signalled when its process runs this class: pids get reused. */
    static final String MAIN_CLASS = AnvilCli.class.getName();

    @Spec
    CommandSpec spec;

    @Option(names = "--run-dir", paramLabel = "DIR", description = "Run directory (default <anvil home>/run).")
    Path runDir;

    @Option(
            names = "--timeout",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description = "How long each node gets to shut down (default ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Option(names = "--force", description = "Kill (SIGKILL) nodes still running after the timeout.")
    boolean force;

    @Override
    public Integer call() {
        if (timeoutSeconds < 0) {
            throw new IllegalArgumentException("--timeout must be >= 0 [timeout=" + timeoutSeconds + "]");
        }
        RunDirectory dir = runDir == null ? RunDirectory.defaultLocation() : new RunDirectory(runDir);
        PrintWriter out = spec.commandLine().getOut();
        List<NodeRecord> records = dir.list();
        if (records.isEmpty()) {
            out.println("no Anvil nodes recorded [runDir=" + dir.path() + "]");
            out.flush();
            return 0;
        }
        List<NodeRecord> workers =
                records.stream().filter(r -> !r.role().equals("head")).toList();
        List<NodeRecord> heads =
                records.stream().filter(r -> r.role().equals("head")).toList();
        int failed = stopAll(dir, workers, out) + stopAll(dir, heads, out);
        out.flush();
        return failed == 0 ? 0 : AnvilCli.EXIT_FAILURE;
    }

    /**
     * Whether {@code ph} is the node process {@code r} recorded, not a later program that got its pid: it started
     * before the node recorded itself. Without a start time, its command line must name the CLI (Linux shows only
     * the first 4 KiB of a command line, which a long classpath fills, so the start time comes first).
     */
    private static boolean sameProcess(ProcessHandle ph, NodeRecord r) {
        Optional<java.time.Instant> started = ph.info().startInstant();
        if (started.isPresent() && r.startedAt() > 0) {
            return started.get().toEpochMilli() <= r.startedAt();
        }
        return ph.info().commandLine().map(c -> c.contains(MAIN_CLASS)).orElse(true);
    }

    /** Stops {@code records} together; returns how many are still running afterwards. */
    private int stopAll(RunDirectory dir, List<NodeRecord> records, PrintWriter out) {
        List<NodeRecord> signalled = new ArrayList<>();
        List<CompletableFuture<ProcessHandle>> exits = new ArrayList<>();
        for (NodeRecord r : records) {
            Optional<ProcessHandle> ph = ProcessHandle.of(r.pid()).filter(ProcessHandle::isAlive);
            if (ph.isEmpty()) {
                out.println(r.role() + " " + r.name() + " (pid " + r.pid() + ") was not running; record removed");
                dir.delete(r.name());
                continue;
            }
            if (!sameProcess(ph.get(), r)) {
                out.println(r.role() + " " + r.name() + " (pid " + r.pid() + ") is gone and its pid now belongs to"
                        + " another program; not signalled, record removed");
                dir.delete(r.name());
                continue;
            }
            ph.get().destroy();
            signalled.add(r);
            exits.add(ph.get().onExit());
        }
        int stillRunning = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        for (int i = 0; i < signalled.size(); i++) {
            NodeRecord r = signalled.get(i);
            if (awaitExit(exits.get(i), deadline)) {
                out.println("stopped " + r.role() + " " + r.name() + " (pid " + r.pid() + ")");
                dir.delete(r.name());
            } else if (force) {
                ProcessHandle.of(r.pid()).ifPresent(ProcessHandle::destroyForcibly);
                out.println("killed " + r.role() + " " + r.name() + " (pid " + r.pid() + ") after " + timeoutSeconds
                        + " s");
                dir.delete(r.name());
            } else {
                out.println("anvil: " + r.role() + " " + r.name() + " still running after " + timeoutSeconds
                        + " s; use --force [pid=" + r.pid() + "]");
                stillRunning++;
            }
        }
        return stillRunning;
    }

    private static boolean awaitExit(CompletableFuture<ProcessHandle> exit, long deadlineNanos) {
        try {
            exit.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }
}
