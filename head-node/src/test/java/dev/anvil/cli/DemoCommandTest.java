package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.testkit.AnvilLauncher;
import dev.anvil.testkit.CliResult;
import dev.anvil.testkit.ProcessTest;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code bin/anvil demo}, the README's main command: embedded head + 2 workers, status, clean stop. */
@ProcessTest
class DemoCommandTest {

    @Test
    void startsAnEmbeddedClusterPrintsItsStatusAndStops() {
        long t0 = System.nanoTime();
        CliResult r = AnvilLauncher.run(Duration.ofSeconds(120), "demo", "--gpus-per-worker", "1");
        System.out.printf("anvil demo took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout())
                .contains("embedded cluster up", "Nodes: 3 (1 head, 2 workers)", "0/2 GPU", "embedded cluster stopped");
        // Clean output: Ignite's quiet-mode lines stay off stdout, its start-up advice and level-check noise off
        // stderr.
        // (Real warnings, e.g. JVM pauses on a loaded machine, may still appear on stderr: they are not asserted away.)
        assertThat(r.stdout()).doesNotContainPattern("(?m)^\\[\\d\\d:\\d\\d:\\d\\d\\]");
        assertThat(r.stderr()).doesNotContain("Logging at INFO level", "Initial heap size", "Message queue limit");
        // A normal stop prints no stack trace (the grid stopping under the head's job watcher used to).
        assertThat(r.stdout() + r.stderr()).as(r.toString()).doesNotContain("\tat ", "Exception");
    }
}
