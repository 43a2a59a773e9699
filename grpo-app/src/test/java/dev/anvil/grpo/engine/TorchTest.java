package dev.anvil.grpo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.EngineException;
import dev.anvil.sdk.AnvilException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TorchTest {
    @TempDir
    Path cache;

    @Test
    void findsTheNewestCpuLibtorchOfTheVersionInTheCache() throws IOException {
        String lib = System.mapLibraryName("torch");
        Files.createDirectories(cache.resolve("2.7.1-20250101-cpu-linux-x86_64"));
        Files.writeString(cache.resolve("2.7.1-20250101-cpu-linux-x86_64").resolve(lib), "x");
        Files.createDirectories(cache.resolve("2.7.1-20250812-cpu-linux-x86_64"));
        Files.writeString(cache.resolve("2.7.1-20250812-cpu-linux-x86_64").resolve(lib), "x");
        Files.createDirectories(cache.resolve("2.7.1-20250901-cpu-linux-x86_64")); // extraction left half-done
        Files.createDirectories(cache.resolve("2.5.1-20250101-cpu-linux-x86_64"));
        Files.writeString(cache.resolve("2.5.1-20250101-cpu-linux-x86_64").resolve(lib), "x");

        assertThat(Torch.cachedLibtorch(cache, "2.7.1", "linux-x86_64"))
                .contains(cache.resolve("2.7.1-20250812-cpu-linux-x86_64").toAbsolutePath());
        assertThat(Torch.cachedLibtorch(cache, "2.8.0", "linux-x86_64")).isEmpty();
        assertThat(Torch.cachedLibtorch(cache.resolve("missing"), "2.7.1", "linux-x86_64"))
                .isEmpty();
    }

    @Test
    void explainsOfflineAndSecondClassLoaderFailures() {
        RuntimeException offline = Torch.explain(
                new EngineException("Failed to save pytorch index file", new IOException("Offline mode is enabled.")));
        assertThat(offline)
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("bin/grpo engine")
                .hasMessageContaining("DJL_CACHE_DIR=");
        RuntimeException twice = Torch.explain(new RuntimeException(
                new UnsatisfiedLinkError("Native Library /c/libtokenizers.so already loaded in another classloader")));
        assertThat(twice).isInstanceOf(AnvilException.class).hasMessageContaining("ANVIL_EXTRA_CLASSPATH");
        IllegalStateException other = new IllegalStateException("something else");
        assertThat(Torch.explain(other)).isSameAs(other);
    }
}
