package dev.anvil.internal.node;

import org.apache.ignite.IgniteLogger;
import org.apache.ignite.logger.slf4j.Slf4jLogger;

/**
 * Ignite's SLF4J logger, minus its noise: Ignite logs some INFO messages without checking the level, and
 * {@link Slf4jLogger} turns each into a WARN ("Logging at INFO level without checking ..."). Here a disabled level is
 * simply disabled. Quiet mode stays off, so nothing bypasses SLF4J to stdout.
 */
public final class AnvilIgniteLogger implements IgniteLogger {
    private final IgniteLogger impl;

    /** Wraps the logger of the root category. */
    public AnvilIgniteLogger() {
        this(new Slf4jLogger());
    }

    private AnvilIgniteLogger(IgniteLogger impl) {
        this.impl = impl;
    }

    @Override
    public IgniteLogger getLogger(Object ctgr) {
        return new AnvilIgniteLogger(impl.getLogger(ctgr));
    }

    @Override
    public void trace(String msg) {
        if (impl.isTraceEnabled()) {
            impl.trace(msg);
        }
    }

    @Override
    public void trace(String marker, String msg) {
        if (impl.isTraceEnabled()) {
            impl.trace(marker, msg);
        }
    }

    @Override
    public void debug(String msg) {
        if (impl.isDebugEnabled()) {
            impl.debug(msg);
        }
    }

    @Override
    public void debug(String marker, String msg) {
        if (impl.isDebugEnabled()) {
            impl.debug(marker, msg);
        }
    }

    @Override
    public void info(String msg) {
        if (impl.isInfoEnabled()) {
            impl.info(msg);
        }
    }

    @Override
    public void info(String marker, String msg) {
        if (impl.isInfoEnabled()) {
            impl.info(marker, msg);
        }
    }

    @Override
    public void warning(String msg) {
        impl.warning(msg);
    }

    @Override
    public void warning(String msg, Throwable e) {
        impl.warning(msg, e);
    }

    @Override
    public void warning(String marker, String msg, Throwable e) {
        impl.warning(marker, msg, e);
    }

    @Override
    public void error(String msg) {
        impl.error(msg);
    }

    @Override
    public void error(String msg, Throwable e) {
        impl.error(msg, e);
    }

    @Override
    public void error(String marker, String msg, Throwable e) {
        impl.error(marker, msg, e);
    }

    @Override
    public boolean isTraceEnabled() {
        return impl.isTraceEnabled();
    }

    @Override
    public boolean isDebugEnabled() {
        return impl.isDebugEnabled();
    }

    @Override
    public boolean isInfoEnabled() {
        return impl.isInfoEnabled();
    }

    @Override
    public boolean isQuiet() {
        return false;
    }

    @Override
    public String fileName() {
        return impl.fileName();
    }
}
