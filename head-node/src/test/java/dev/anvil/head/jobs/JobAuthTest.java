package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.head.HeadNode;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobException;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import dev.anvil.testkit.PortBlock;
import dev.anvil.testkit.ProcessTest;
import dev.anvil.testkit.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A head with a token and a small jar limit: who may submit, and what it takes. */
@ProcessTest
class JobAuthTest {
    @TempDir
    Path tmp;

    @Test
    void withoutTheRightTokenJobsAreRefusedAndJarsOverTheLimitToo() throws Exception {
        Path tokenFile = Files.writeString(tmp.resolve("token"), "s3cret-token\n");
        PortBlock ports = PortBlock.free();
        String address = ports.address();
        NodeSettings settings = ports.settings(NodeRole.HEAD, "auth-head-" + ports.base(), tmp.resolve("work"))
                .build();
        Path small = TestJars.build(
                tmp.resolve("small.jar"),
                "app.Small",
                Map.of(
                        "app.Small",
                        "package app; public class Small { public static void main(String[] a) { System.out.println(\"ok\"); } }"));
        Path big = tmp.resolve("big.jar");
        Files.copy(small, big);
        Files.write(big, new byte[8192], java.nio.file.StandardOpenOption.APPEND);
        JobSpec smallSpec = JobSpec.builder().jar(small).build();

        try (HeadNode ignored = HeadNode.start(
                        settings,
                        JobSettings.defaults().withTokenFile(tokenFile).withMaxJarBytes(4096));
                JobClient anonymous = JobClient.connect(address, null);
                JobClient wrong = JobClient.connect(address, "guess");
                JobClient authorized = JobClient.connect(address, "s3cret-token")) {
            assertThatThrownBy(() -> anonymous.submit(smallSpec))
                    .isInstanceOf(JobException.class)
                    .hasMessageContaining("need the head's token")
                    .hasMessageEndingWith("[token=<missing>]")
                    .extracting(e -> ((JobException) e).reason())
                    .isEqualTo(JobException.Reason.UNAUTHORIZED);
            assertThatThrownBy(() -> wrong.submit(smallSpec))
                    .isInstanceOf(JobException.class)
                    .hasMessageContaining("wrong token");
            assertThat(anonymous.list()).isEmpty();

            assertThatThrownBy(
                            () -> authorized.submit(JobSpec.builder().jar(big).build()))
                    .isInstanceOf(JobException.class)
                    .hasMessageContaining("larger than the head accepts")
                    .hasMessageContaining("limit=4096");
            String id = authorized.submit(smallSpec);
            assertThatThrownBy(() -> anonymous.stop(id))
                    .isInstanceOf(JobException.class)
                    .extracting(e -> ((JobException) e).reason())
                    .isEqualTo(JobException.Reason.UNAUTHORIZED);
            assertThat(authorized.awaitEnd(id, Duration.ofSeconds(60)).state()).isEqualTo(JobState.SUCCEEDED);
            assertThat(anonymous.logs(id)).isEqualTo("ok\n");
        }
    }
}
