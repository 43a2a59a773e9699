package dev.anvil.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
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

    /** Records the node, prints one line saying where it listens, and blocks until the JVM is asked to stop. */
    int runUntilStopped(PrintWriter out, String startedLine) throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::shutdown, "anvil-shutdown"));
        runDir.write(record);
        out.println(startedLine);
        out.flush();
        stopped.await();
        return 0;
    }

    private void shutdown() {
        try {
            for (int i = closeables.size() - 1; i >= 0; i--) {
                try {
                    closeables.get(i).close();
                } catch (Exception e) {
                    LoggerFactory.getLogger(NodeRunner.class).warn("error while stopping {}", record.name(), e);
                }
            }
            runDir.delete(record.name());
        } finally {
            stopped.countDown();
        }
    }
}
