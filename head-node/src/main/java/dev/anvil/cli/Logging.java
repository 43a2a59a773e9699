package dev.anvil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** Log levels of the command line: WARN by default (clean output), INFO with {@code --verbose}. */
final class Logging {
    private Logging() {}

    /** Sets the levels for this process; verbose also lifts the quieted Ignite loggers of {@code logback.xml}. */
    static void configure(boolean verbose) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(verbose ? Level.INFO : Level.WARN);
        if (verbose) {
            for (Logger l : ctx.getLoggerList()) {
                if (l.getName().startsWith("org.apache.ignite") && l.getLevel() != null) {
                    l.setLevel(null);
                }
            }
        }
    }
}
