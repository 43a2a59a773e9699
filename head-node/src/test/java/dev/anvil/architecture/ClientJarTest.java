package dev.anvil.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.sdk.Anvil;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The client jar that a user's application depends on (client-sdk) contains no server.
 *
 * <p>An application compiles against client-sdk and ships with it; the head and the workers live in worker-node and
 * head-node. A server type that drifts into client-sdk (a blob server, the job manager, the placer) would ride along
 * in every application and tempt the API into reaching for it. The test reads what client-sdk actually holds, from
 * wherever this JVM loaded {@link Anvil} from: its jar ({@code mvn verify} in the reactor, or the local repository)
 * or its {@code target/classes} directory ({@code mvn test}).
 */
class ClientJarTest {
    /** The server types: each lives in worker-node or head-node and must never appear in client-sdk. */
    private static final List<String> SERVER_TYPES = List.of(
            "BlobServer",
            "BlobHost",
            "BlobCopier",
            "WeightRepair",
            "RepairHolders",
            "BlobReplicas",
            "JobManager",
            "JobStore",
            "DriverLauncher",
            "ServiceController",
            "HealthMonitor",
            "Placer");

    private static final String RUNTIME_SERVICE = "META-INF/services/dev.anvil.sdk.AnvilRuntime";

    private static Path location;
    /** Every entry of client-sdk's jar or directory, '/'-separated and relative to its root. */
    private static Set<String> entries;
    /** The {@code .class} entries among them. */
    private static Set<String> classes;

    @BeforeAll
    static void readClientSdk() throws IOException, URISyntaxException {
        location = Path.of(
                Anvil.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        entries = entries(location);
        classes = entries.stream().filter(e -> e.endsWith(".class")).collect(Collectors.toCollection(TreeSet::new));
        System.out.printf("client-sdk: %d classes from %s%n", classes.size(), location);
    }

    private static Set<String> entries(Path root) throws IOException {
        Set<String> names = new TreeSet<>();
        if (Files.isDirectory(root)) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(Files::isRegularFile)
                        .forEach(f -> names.add(root.relativize(f).toString().replace('\\', '/')));
            }
        } else {
            try (JarFile jar = new JarFile(root.toFile())) {
                jar.stream()
                        .filter(e -> !e.isDirectory())
                        .map(JarEntry::getName)
                        .forEach(names::add);
            }
        }
        return names;
    }

    /** {@code dev/anvil/sdk/Anvil$Builder.class} -> {@code Builder}. */
    private static String simpleName(String classEntry) {
        String name = classEntry.substring(classEntry.lastIndexOf('/') + 1, classEntry.length() - ".class".length());
        return name.substring(name.lastIndexOf('$') + 1);
    }

    @Test
    void readsClientSdkItself() {
        assertThat(location.getFileName().toString())
                .as("where dev.anvil.sdk.Anvil was loaded from: %s", location)
                .matches("classes|client-sdk-.*\\.jar");
        assertThat(location.toString())
                .as("where dev.anvil.sdk.Anvil was loaded from")
                .contains("client-sdk");
        assertThat(classes).as("classes of %s", location).contains("dev/anvil/sdk/Anvil.class");
    }

    @Test
    void holdsOnlyTheApiAndItsRuntime() {
        Set<String> outside = classes.stream()
                .filter(c -> !c.startsWith("dev/anvil/sdk/") && !c.startsWith("dev/anvil/internal/"))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(outside)
                .as("classes of %s outside dev.anvil.sdk and dev.anvil.internal", location)
                .isEmpty();
    }

    @Test
    void holdsNoServer() {
        Set<String> servers = classes.stream()
                .filter(c -> SERVER_TYPES.contains(simpleName(c)))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(servers).as("server types in %s", location).isEmpty();
    }

    @Test
    void namesItsRuntimeForServiceLoader() {
        assertThat(entries).as("entries of %s", location).contains(RUNTIME_SERVICE);
    }
}
