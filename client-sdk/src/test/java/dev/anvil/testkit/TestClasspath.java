package dev.anvil.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The classpath of the running tests, for the node JVMs they spawn.
 *
 * <p>Surefire may start tests from a manifest-only booter jar whose {@code Class-Path} lists the real entries; a
 * spawned JVM given that jar alone would miss the test classes, so such jars are expanded here.
 */
public final class TestClasspath {
    private TestClasspath() {}

    /** The real classpath of this JVM, joined with the platform path separator. */
    public static String get() {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            if (entry.endsWith(".jar")
                    && Path.of(entry).getFileName().toString().startsWith("surefirebooter")) {
                out.addAll(manifestClassPath(Path.of(entry)));
            } else {
                out.add(entry);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    private static List<String> manifestClassPath(Path jar) {
        try (JarFile jf = new JarFile(jar.toFile())) {
            Manifest mf = jf.getManifest();
            String cp = mf == null ? null : mf.getMainAttributes().getValue("Class-Path");
            List<String> out = new ArrayList<>();
            if (cp != null) {
                for (String url : cp.trim().split("\\s+")) {
                    URI uri = jar.toUri().resolve(url);
                    out.add(Path.of(uri).toString());
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the surefire booter jar [jar=" + jar + "]", e);
        }
    }
}
