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

    @Test
    void aRestartKeepsTheSubmissionAndMovesTheDriver() {
        JobRecord running = JobRecord.pending("job-2", "a.Main", List.of("x", "y"), 10, 20, 1)
                .withMaxRestarts(2)
                .placed("n1", "worker-0", List.of(0))
                .running();
        assertThat(running.maxRestarts()).isEqualTo(2);
        JobRecord again = running.restarted("n2", "worker-1", List.of(3), "node left");
        assertThat(again)
                .isEqualTo(new JobRecord(
                        "job-2",
                        JobState.PENDING,
                        "a.Main",
                        List.of("x", "y"),
                        10,
                        20,
                        1,
                        "n2",
                        "worker-1",
                        List.of(3),
                        running.submittedAt(),
                        running.startedAt(),
                        0,
                        null,
                        "node left",
                        false,
                        2,
                        1));
        assertThat(again.restarted("n3", "worker-2", List.of(), "node left again")
                        .restarts())
                .isEqualTo(2);
    }
}
