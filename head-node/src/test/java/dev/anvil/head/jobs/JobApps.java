package dev.anvil.head.jobs;

import dev.anvil.testkit.TestJars;
import java.nio.file.Path;
import java.util.Map;

/** Small applications built at test time, on no node's classpath. */
final class JobApps {
    private JobApps() {}

    /**
     * A driver ({@code app.Main ROUNDS REPLICAS}) that spawns {@code app.Greeter} with REPLICAS replicas and prints
     * one {@code answer=} line per routed call, every 200 ms, ROUNDS times (forever when negative), then
     * {@code done}. Each version's greeter answers {@code <version>:<name>}: the same class names, other behaviour.
     */
    static Path greeter(Path dir, String version) {
        return TestJars.build(
                dir.resolve("greeter-" + version + ".jar"),
                "app.Main",
                Map.of(
                        "app.Greeter",
                                "package app; public class Greeter {"
                                        + " public Greeter() { }"
                                        + " @dev.anvil.sdk.Endpoint public String greet(String name) { return \""
                                        + version + ":\" + name; } }",
                        "app.Main",
                                "package app; public class Main { public static void main(String[] args) throws Exception {"
                                        + " int rounds = Integer.parseInt(args[0]); int replicas = Integer.parseInt(args[1]);"
                                        + " try (dev.anvil.sdk.Anvil anvil = dev.anvil.sdk.Anvil.connect()) {"
                                        + "  dev.anvil.sdk.ServiceHandle<Greeter> g = anvil.options(Greeter.class).numReplicas(replicas).asService();"
                                        + "  System.out.println(\"services up\");"
                                        + "  for (int i = 0; rounds < 0 || i < rounds; i++) {"
                                        + "   System.out.println(\"answer=\" + g.endpoint(Greeter::greet, \"n\" + i).route().join());"
                                        + "   Thread.sleep(200); }"
                                        + "  System.out.println(\"done\"); } } }"));
    }

    /**
     * A driver ({@code app.Ghostly}) that defines {@code app.Ghost} at run time from bytes hidden in its jar (so the
     * class is not in the jar as a class) and spawns it as a service: the workers cannot find the actor class.
     */
    static Path ghostly(Path dir) {
        Path ghostJar = TestJars.build(
                dir.resolve("ghost-only.jar"),
                null,
                Map.of(
                        "app.Ghost",
                        "package app; public class Ghost { public Ghost() { } @dev.anvil.sdk.Endpoint public int boo() { return 1; } }"));
        byte[] ghost = TestJars.entry(ghostJar, "app/Ghost.class");
        return TestJars.build(
                dir.resolve("ghostly.jar"),
                "app.Ghostly",
                Map.of(
                        "app.Ghostly",
                        "package app; public class Ghostly { public static void main(String[] a) throws Exception {"
                                + " byte[] b = Ghostly.class.getResourceAsStream(\"/ghost.bin\").readAllBytes();"
                                + " var l = new ClassLoader(Ghostly.class.getClassLoader()) {"
                                + "   Class<?> def() { return defineClass(\"app.Ghost\", b, 0, b.length); } };"
                                + " Class<?> ghost = l.def();"
                                + " try (dev.anvil.sdk.Anvil anvil = dev.anvil.sdk.Anvil.connect()) {"
                                + "  anvil.options(ghost).asService(); } } }"),
                Map.of("ghost.bin", ghost));
    }
}
