package dev.anvil.state.bench;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.testkit.ProcessTest;
import org.junit.jupiter.api.Test;

/** The benchmark harness itself works, on tiny sizes (the real run is bin/bench-state). */
@ProcessTest
class StateBenchmarkTest {

    @Test
    void measuresEveryNumberOnTinySizes() throws Exception {
        StateBenchmark.Settings s = new StateBenchmark.Settings(10, 300, 1_000, 30, 1, 1024);
        StateBenchmark.Results r = StateBenchmark.run(s);
        System.out.println(r.report(s));
        assertThat(r.crcMatches()).isTrue();
        assertThat(java.util.List.of(
                        r.replayAddPerSec(),
                        r.replayAddAllPerSec(),
                        r.streamerPerSec(),
                        r.sampleP50Micros(),
                        r.tcpMBps(),
                        r.sharedMemory().pushMBps(),
                        r.sharedMemory().pullMBps(),
                        r.overTcp().pushMBps(),
                        r.overTcp().pullMBps()))
                .allSatisfy(v -> assertThat(v).isPositive());
    }
}
