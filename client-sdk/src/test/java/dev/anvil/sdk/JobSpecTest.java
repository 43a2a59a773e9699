package dev.anvil.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobSpecTest {
    @TempDir
    Path tmp;

    @Test
    void buildsAnImmutableSpec() throws Exception {
        Path jar = Files.write(tmp.resolve("app.jar"), new byte[] {1});
        JobSpec spec = JobSpec.builder()
                .jar(jar)
                .mainClass("a.Main")
                .args("--steps", "3")
                .args("x")
                .entrypointGpus(2)
                .build();
        assertThat(spec.jar()).isEqualTo(jar);
        assertThat(spec.mainClass()).contains("a.Main");
        assertThat(spec.args()).containsExactly("--steps", "3", "x");
        assertThat(spec.config()).isEmpty();
        assertThat(spec.entrypointGpus()).isEqualTo(2);
        assertThatThrownBy(() -> spec.args().add("y")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(JobSpec.builder().jar(jar).build().mainClass()).isEmpty();
    }

    @Test
    void refusesBadInputNamingIt() {
        assertThatThrownBy(() -> JobSpec.builder().build()).hasMessage("a job needs a jar [jar=<unset>]");
        assertThatThrownBy(
                        () -> JobSpec.builder().jar(tmp.resolve("missing.jar")).build())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("missing.jar");
        assertThatThrownBy(() -> JobSpec.builder().jar(tmp).build()).hasMessageContaining("not a file");
        assertThatThrownBy(() -> JobSpec.builder().entrypointGpus(-1))
                .hasMessage("entrypoint GPUs must be >= 0 [entrypointGpus=-1]");
        assertThatThrownBy(() -> JobSpec.builder().mainClass(" ")).hasMessageContaining("main class is blank");
        assertThatThrownBy(() -> JobSpec.builder()
                        .jar(tmp)
                        .config(tmp.resolve("nope.yaml"))
                        .build())
                .hasMessageContaining("not a file");
    }
}
