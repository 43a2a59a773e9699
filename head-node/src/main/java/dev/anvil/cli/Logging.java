package dev.anvil.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** Log levels of the command line: WARN by default (clean output), INFO with {@code --verbose}. */
final class Logging {
    private Logging() {
    }

    /** Sets the root level for this process. */
    static void configure(boolean verbose) {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(verbose ? Level.INFO : Level.WARN);
    }
}
