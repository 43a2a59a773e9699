package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.sdk.JobException;
import dev.anvil.testkit.TestJars;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JarInspectorTest {
    @TempDir
    Path tmp;

    private byte[] jar(String main, Map<String, String> sources) throws Exception {
        return Files.readAllBytes(TestJars.build(tmp.resolve("t.jar"), main, sources));
    }

    @Test
    void findsTheMainClassFromTheManifestOrTheFlag() throws Exception {
        byte[] jar = jar(
                "app.A",
                Map.of(
                        "app.A",
                        "package app; public class A { public static void main(String[] a) { } }",
                        "app.B",
                        "package app; public class B { public static void main(String... a) { } }"));
        assertThat(JarInspector.inspect(jar, null, 1 << 20)).isEqualTo("app.A");
        assertThat(JarInspector.inspect(jar, "app.B", 1 << 20)).isEqualTo("app.B");
    }

    @Test
    void refusesWhatCannotRun() throws Exception {
        byte[] jar = jar(
                null,
                Map.of(
                        "app.C",
                        "package app; public class C { public void main(String[] a) { } }",
                        "app.D",
                        "package app; public class D { static { if (true) throw new Error(\"never run\"); }"
                                + " public static void main(String[] a) { } }"));
        assertThatThrownBy(() -> JarInspector.inspect(jar, "app.C", 1 << 20))
                .isInstanceOf(JobException.class)
                .hasMessage("main(String[]) of the main class must be static and return void [mainClass=app.C]");
        // Inspection never initialises the class: its static block does not run on the head.
        assertThat(JarInspector.inspect(jar, "app.D", 1 << 20)).isEqualTo("app.D");
        assertThatThrownBy(() -> JarInspector.inspect(jar, null, 1 << 20)).hasMessageContaining("manifest names none");
        assertThatThrownBy(() -> JarInspector.inspect(jar, "app.D", 10)).hasMessageContaining("limit=10");
        assertThatThrownBy(() -> JarInspector.inspect(new byte[0], "app.D", 10))
                .hasMessage("job jar is empty [size=0]");
        assertThatThrownBy(() -> JarInspector.inspect("PK\3\4garbage".getBytes(), "x.Y", 100))
                .hasMessageContaining("not");
    }
}
