package dev.anvil.grpo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/grpo engine --libtorch DIR --djl-src DIR} ({@code bin/djl-jni}) refuses bad input with a line that names
 * the problem, before building anything. The build itself needs a libtorch with its CMake files and headers, which
 * this machine's DJL cache lacks; it ran on the H200 (BENCHMARKS.md, GRPO on a GPU).
 */
class DjlJniScriptTest {

    @Test
    void badInputIsRefusedWithTheProblemNamed(@TempDir Path dir) throws Exception {
        Path djl = dir.resolve("djl");
        Files.createDirectories(djl.resolve("engines/pytorch/pytorch-native"));
        Files.createDirectories(djl.resolve("api/src/main/native/djl"));
        Files.writeString(djl.resolve("engines/pytorch/pytorch-native/CMakeLists.txt"), "project(djl_torch)\n");
        Files.writeString(djl.resolve("api/src/main/native/djl/utils.h"), "\n");
        Path torch = dir.resolve("torch");
        Files.createDirectories(torch.resolve("lib"));
        Files.createFile(torch.resolve("lib/libtorch.so"));

        assertThat(run("engine", "--djl-src", djl.toString()))
                .startsWith("2:")
                .contains("--libtorch DIR and --djl-src DIR are required");
        assertThat(run("engine", "--libtorch", dir.resolve("nope").toString(), "--djl-src", djl.toString()))
                .startsWith("2:")
                .contains("no such libtorch folder");
        assertThat(run("engine", "--libtorch", torch.toString(), "--djl-src", djl.toString()))
                .startsWith("2:")
                .contains("not a libtorch folder: no share/cmake/Torch");
        Files.createDirectories(torch.resolve("share/cmake/Torch"));
        assertThat(run("engine", "--libtorch", torch.toString(), "--djl-src", dir.toString()))
                .startsWith("2:")
                .contains("not a DJL source folder");
        assertThat(run("engine", "--libtorch", torch.toString(), "--djl-src", djl.toString(), "--flag"))
                .startsWith("2:")
                .contains("unknown argument [arg=--flag]");
    }

    /** Runs bin/grpo from the repository root; returns "exit code: stderr". */
    private static String run(String... args) throws IOException, InterruptedException {
        Path root = Path.of("").toAbsolutePath();
        while (!Files.isRegularFile(root.resolve("bin/djl-jni"))) {
            root = root.getParent();
        }
        List<String> cmd =
                new ArrayList<>(List.of("bash", root.resolve("bin/grpo").toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return p.exitValue() + ": " + err;
    }
}
