package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LoggingTest {
    private final LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();

    @AfterEach
    void restore() throws Exception {
        ctx.reset();
        new ch.qos.logback.classic.util.ContextInitializer(ctx).autoConfig();
    }

    @Test
    void warnByDefaultWithIgnitesStartupAdviceSilenced() {
        Logging.configure(false);
        assertThat(ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("org.apache.ignite.internal.GridDiagnostic").getEffectiveLevel())
                .isEqualTo(Level.ERROR);
    }

    @Test
    void verboseLogsInfoEverywhere() {
        Logging.configure(true);
        assertThat(ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(ctx.getLogger("org.apache.ignite.internal.GridDiagnostic").getEffectiveLevel())
                .isEqualTo(Level.INFO);
        assertThat(ctx.getLogger("dev.anvil.cli").isInfoEnabled()).isTrue();
    }
}
