package dev.anvil.worker.blobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.NodeAttributes;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Holders of one host given the same fixed first port each bind their own port of the range. */
class BlobHostPortRangeTest {
    @TempDir
    Path root;

    @Test
    void holdersShareAFixedRangeAndAFullRangeFailsNamingIt() {
        int first = FreePorts.freeBlock("127.0.0.1", 2);
        try (BlobHost a = BlobHost.start("a", root, "127.0.0.1", first, 2, null);
                BlobHost b = BlobHost.start("b", root, "127.0.0.1", first, 2, null)) {
            assertThat(a.attributes().get(NodeAttributes.BLOB_ADDRESS)).isEqualTo("127.0.0.1:" + first);
            assertThat(b.attributes().get(NodeAttributes.BLOB_ADDRESS)).isEqualTo("127.0.0.1:" + (first + 1));
            assertThatThrownBy(() -> BlobHost.start("c", root, "127.0.0.1", first, 2, null))
                    .isInstanceOf(UncheckedIOException.class)
                    .hasMessageContaining("no free port in " + first + ".." + (first + 1));
            assertThat(root)
                    .isDirectoryNotContaining(p -> p.getFileName().toString().startsWith("c-"));
        }
    }
}
