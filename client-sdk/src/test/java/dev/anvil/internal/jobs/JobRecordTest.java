package dev.anvil.internal.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobState;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobRecordTest {
    @Test
    void survivesItsStoredJsonFormAndWalksItsStates() {
        JobRecord r =
                JobRecord.pending("job-1", "a.Main", List.of("x"), 10, -1, 1).placed("n1", "worker-0", List.of(0));
        assertThat(JobRecord.fromJson(r.toJson())).isEqualTo(r);
        assertThat(r.state()).isEqualTo(JobState.PENDING);
        JobRecord running = r.running();
        assertThat(running.state()).isEqualTo(JobState.RUNNING);
        assertThat(running.startedAt()).isPositive();
        JobRecord stopped = running.stopping().ended(JobState.STOPPED, 143, "stopped on request");
        assertThat(stopped.stopRequested()).isTrue();
        JobInfo info = stopped.toInfo(List.of("greeter-1"));
        assertThat(info.state()).isEqualTo(JobState.STOPPED);
        assertThat(info.exitCode()).isEqualTo(143);
        assertThat(info.services()).containsExactly("greeter-1");
        assertThat(info.endedAt()).isNotNull();
        assertThat(ClusterJobClient.exitCode(stopped)).isEqualTo(143);
        assertThat(ClusterJobClient.exitCode(running.ended(JobState.FAILED, null, "node left")))
                .isEqualTo(1);
    }
}
