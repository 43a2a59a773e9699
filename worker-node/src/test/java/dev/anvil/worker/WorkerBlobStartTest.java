package dev.anvil.worker;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.sdk.AnvilException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.ignite.Ignition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A worker whose blob holder cannot start says so, rather than blaming the join. */
class WorkerBlobStartTest {
    @TempDir
    Path dir;

    @Test
    void aBlobRootThatIsAFileIsNamedAndNoNodeStarts() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        NodeSettings s = NodeSettings.builder(NodeRole.WORKER, "blob-start-test")
                .seeds(List.of("127.0.0.1:1"))
                .joinTimeoutMs(1_000)
                .workDir(dir.resolve("work"))
                .blobRoot(file)
                .build();
        assertThatThrownBy(() -> WorkerNode.start(s))
                .isInstanceOf(AnvilException.class)
                .hasMessageStartingWith("cannot start the weight blob holder")
                .hasMessageContaining(file.toString())
                .satisfies(e -> org.assertj.core.api.Assertions.assertThat(Ignition.allGrids())
                        .isEmpty());
    }
}
