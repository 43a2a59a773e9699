package dev.anvil.cli;

import java.io.PrintWriter;
import org.apache.ignite.IgniteLogger;

/**
 * The control utility's output sink for {@code anvil inspect}: its report (INFO) on stdout, problems on stderr,
 * nothing written to log files.
 */
final class ConsoleIgniteLogger implements IgniteLogger {
    private final PrintWriter out;
    private final PrintWriter err;

    ConsoleIgniteLogger(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public IgniteLogger getLogger(Object ctgr) {
        return this;
    }

    @Override
    public void trace(String msg) {}

    @Override
    public void debug(String msg) {}

    @Override
    public void info(String msg) {
        out.println(msg);
        out.flush();
    }

    @Override
    public void warning(String msg, Throwable e) {
        err.println(msg);
        err.flush();
    }

    @Override
    public void error(String msg, Throwable e) {
        err.println(msg);
        err.flush();
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return false;
    }

    @Override
    public boolean isInfoEnabled() {
        return true;
    }

    @Override
    public boolean isQuiet() {
        return false;
    }

    @Override
    public String fileName() {
        return null;
    }
}
