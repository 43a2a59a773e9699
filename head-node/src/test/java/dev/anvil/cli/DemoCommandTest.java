package dev.anvil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.testkit.AnvilLauncher;
import dev.anvil.testkit.CliResult;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code bin/anvil demo}, the README's main command: embedded head + 2 workers, status, clean stop. */
class DemoCommandTest {

    @Test
    void startsAnEmbeddedClusterPrintsItsStatusAndStops() {
        long t0 = System.nanoTime();
        CliResult r = AnvilLauncher.run(Duration.ofSeconds(120), "demo", "--gpus-per-worker", "1");
        System.out.printf("anvil demo took %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("embedded cluster up", "Nodes: 3 (1 head, 2 workers)", "0/2 GPU",
                "embedded cluster stopped");
        assertThat(r.stderr()).as("clean output at the default log level").doesNotContain("WARN", "ERROR");
    }
}
