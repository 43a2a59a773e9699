package dev.anvil.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * An outside driver's application, built at test time from the sources in {@code client-app/} (test resources): its
 * classes are on no node's classpath, as a user's are. {@code app.Counter} is the actor (its {@code version()}
 * answers the version the jar was built with), {@code app.Client} a stdin-driven driver, {@code app.RawTcp} the raw
 * TCP baseline for weight transfers, {@code app.Needy} an actor that needs the library {@code lib.Base}.
 */
public final class ClientApps {
    private ClientApps() {}

    /** The driver app with {@code app.Counter} answering {@code version}: {@code dir/client-app-VERSION.jar}. */
    public static Path counterApp(Path dir, String version) {
        return TestJars.build(
                dir.resolve("client-app-" + version + ".jar"),
                "app.Client",
                Map.of(
                        "app.Counter", source("Counter.java").replace("@VERSION@", version),
                        "app.Client", source("Client.java"),
                        "app.RawTcp", source("RawTcp.java")));
    }

    /** A jar with only {@code lib.Base}: a library the client has and the workers lack. */
    public static Path library(Path dir) {
        Path both = needyAndLibrary(dir);
        return keep(both, dir.resolve("lib.jar"), "lib/");
    }

    /** A jar with only {@code app.Needy}, which extends {@code lib.Base} from {@link #library}. */
    public static Path needyApp(Path dir) {
        Path both = needyAndLibrary(dir);
        return keep(both, dir.resolve("needy.jar"), "app/");
    }

    private static Path needyAndLibrary(Path dir) {
        Path jar = dir.resolve("needy-and-lib.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        return TestJars.build(jar, null, Map.of("app.Needy", source("Needy.java"), "lib.Base", source("Base.java")));
    }

    private static Path keep(Path from, Path to, String prefix) {
        try (JarFile in = new JarFile(from.toFile());
                OutputStream os = Files.newOutputStream(to);
                JarOutputStream out = new JarOutputStream(os)) {
            Enumeration<JarEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                JarEntry e = entries.nextElement();
                if (e.getName().startsWith(prefix)) {
                    out.putNextEntry(new JarEntry(e.getName()));
                    try (InputStream is = in.getInputStream(e)) {
                        is.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
            return to;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String source(String name) {
        try (InputStream in = ClientApps.class.getResourceAsStream("/client-app/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test resource missing [resource=client-app/" + name + "]");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
