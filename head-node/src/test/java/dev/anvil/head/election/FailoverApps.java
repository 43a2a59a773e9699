package dev.anvil.head.election;

import dev.anvil.testkit.TestJars;
import java.nio.file.Path;
import java.util.Map;

/** The driver the failover tests submit, built at test time. */
final class FailoverApps {
    private FailoverApps() {}

    /**
     * A driver ({@code app.Stream STOPFILE}) that spawns {@code app.Echo} with two replicas and streams numbered
     * {@code route()} calls, printing {@code line N} for each answered one (and {@code line N FAILED ...} for a
     * failed one), until STOPFILE exists; then {@code failed=F lines=N}.
     */
    static Path streaming(Path dir) {
        return TestJars.build(
                dir.resolve("stream.jar"),
                "app.Stream",
                Map.of(
                        "app.Echo",
                        "package app; public class Echo { public Echo() { }"
                                + " @dev.anvil.sdk.Endpoint public int echo(int i) { return i; } }",
                        "app.Stream",
                        "package app; public class Stream { public static void main(String[] a) throws Exception {"
                                + " java.nio.file.Path stop = java.nio.file.Path.of(a[0]); int failed = 0; int i = 0;"
                                + " try (dev.anvil.sdk.Anvil anvil = dev.anvil.sdk.Anvil.connect()) {"
                                + "  dev.anvil.sdk.ServiceHandle<Echo> s ="
                                + "   anvil.options(Echo.class).numReplicas(2).asService();"
                                + "  System.out.println(\"services up\");"
                                + "  for (; !java.nio.file.Files.exists(stop); i++) {"
                                + "   try { int r = s.endpoint(Echo::echo, i).route()"
                                + "     .get(120, java.util.concurrent.TimeUnit.SECONDS);"
                                + "    if (r == i) { System.out.println(\"line \" + i); }"
                                + "    else { failed++; System.out.println(\"line \" + i + \" WRONG \" + r); }"
                                + "   } catch (Exception e) { failed++; System.out.println(\"line \" + i + \" FAILED \" + e); }"
                                + "   Thread.sleep(50); }"
                                + "  System.out.println(\"failed=\" + failed + \" lines=\" + i); } } }"));
    }
}
