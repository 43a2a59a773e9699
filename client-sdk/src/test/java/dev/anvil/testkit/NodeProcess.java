package dev.anvil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * One node JVM started by {@link ProcessCluster}: its process, its name, its log (stdout and stderr), and the
 * faults a test can inject (kill -9, SIGSTOP/SIGCONT, SIGTERM).
 */
public final class NodeProcess {
    private final String name;
    private final Process process;
    private final Path log;
    private volatile boolean stopped;

    NodeProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** The node name ({@code --name}), also its Ignite instance name. */
    public String name() {
        return name;
    }

    /** The JVM's operating-system pid. */
    public long pid() {
        return process.pid();
    }

    /** The underlying process. */
    public Process process() {
        return process;
    }

    /** Whether the JVM is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the JVM is frozen by {@link #sigstop()}. */
    public boolean isStopped() {
        return stopped;
    }

    /** Everything the node printed so far (stdout and stderr interleaved). */
    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file holding {@link #output()}. */
    public Path logFile() {
        return log;
    }

    /** Kills the JVM with SIGKILL (no shutdown hooks, as a crashed machine) and waits until it is gone. */
    public void kill9() {
        process.destroyForcibly();
        waitFor(30);
        stopped = false;
    }

    /** Freezes the JVM (SIGSTOP): it keeps its sockets but answers nothing, like a long GC pause or a hung host. */
    public void sigstop() {
        signal("STOP");
        stopped = true;
    }

    /** Resumes a JVM frozen by {@link #sigstop()}. */
    public void sigcont() {
        signal("CONT");
        stopped = false;
    }

    /** Asks the JVM to stop (SIGTERM, its shutdown hook runs) and waits up to {@code seconds} for it to exit. */
    public boolean terminate(long seconds) {
        if (stopped) {
            sigcont();
        }
        process.destroy();
        return waitFor(seconds);
    }

    /** Waits up to {@code seconds} for the JVM to exit; true when it did. */
    public boolean waitFor(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(String sig) {
        if (!process.isAlive()) {
            throw new IllegalStateException("node is not running [name=" + name + ", pid=" + pid() + "]");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + sig, Long.toString(pid()))
                    .inheritIO()
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + sig + " failed [name=" + name + ", pid=" + pid() + "]");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + name, e);
        }
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + (isAlive() ? "" : ", exited") + ")";
    }
}
