package dev.anvil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.slf4j.LoggerFactory;

/**
 * Keeps a started node process alive until SIGTERM (or Ctrl-C), then stops it cleanly: its extra servers, the Ignite
 * node, and its record in the run directory.
 */
final class NodeRunner {
    private final RunDirectory runDir;
    private final NodeRecord record;
    private final List<AutoCloseable> closeables = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean shuttingDown;
    private volatile IgniteState lostState;
    /** Where the one line saying that the node stopped goes. */
    private volatile PrintWriter out;

    /**
     * @param runDir where the node records itself
     * @param record what it records
     * @param closeables what to stop on shutdown, in start order (stopped in reverse)
     */
    NodeRunner(RunDirectory runDir, NodeRecord record, List<AutoCloseable> closeables) {
        this.runDir = runDir;
        this.record = record;
        this.closeables.addAll(closeables);
    }

    /**
     * Records the node, prints one line saying where it listens, and blocks until the JVM is asked to stop.
     *
     * @return 0 after SIGTERM; {@link AnvilCli#EXIT_FAILURE} when the Ignite node stopped by itself (segmented from
     *     the cluster, e.g. after a long pause, or stopped by Ignite's failure handler): a node process never outlives
     *     its node, so a supervisor can restart it and {@code anvil stop} never meets a zombie
     */
    int runUntilStopped(PrintWriter out, String startedLine) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "anvil-shutdown"));
        Ignition.addListener((name, state) -> {
            if (record.name().equals(name) && state != IgniteState.STARTED && !shuttingDown) {
                lostState = state;
                stopped.countDown();
            }
        });
        if (Ignition.state(record.name()) != IgniteState.STARTED) {
            lostState = Ignition.state(record.name());
            return lost(out);
        }
        runDir.write(record);
        out.println(startedLine);
        out.flush();
        this.out = out;
        stopped.await();
        return lostState == null ? 0 : lost(out);
    }

    private int lost(PrintWriter out) {
        runDir.delete(record.name());
        PrintWriter err = new PrintWriter(System.err, true);
        err.println("anvil: " + record.role() + " node stopped by itself [name=" + record.name() + ", state="
                + lostState + "]");
        out.flush();
        return AnvilCli.EXIT_FAILURE;
    }

    private void shutdown() {
        shuttingDown = true;
        try {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                try {
                    closeables.get(i).close();
                } catch (Exception e) {
                    // One line: a stop is not a crash. The trace stays available at debug level.
                    LoggerFactory.getLogger(NodeRunner.class)
                            .warn("error while stopping {}: {}", record.name(), e.toString());
                    LoggerFactory.getLogger(NodeRunner.class).debug("error while stopping {}", record.name(), e);
                }
            }
            runDir.delete(record.name());
            PrintWriter o = out;
            if (o != null && lostState == null) {
                o.println("anvil " + record.role() + " stopped [name=" + record.name() + "]");
                o.flush();
            }
        } finally {
            stopped.countDown();
        }
    }
}
