package dev.anvil.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Builds application jars at test time: compiles Java sources with {@link JavaCompiler} against the tests' classpath
 * (so they may use the Anvil SDK) and jars the classes. The classes exist only in that jar, on no node's classpath,
 * exactly like a user's application.
 *
 * <pre>{@code
 * Path jar = TestJars.build(tmp.resolve("app.jar"), "app.Main", Map.of("app.Main", "package app; public class Main {"
 *         + " public static void main(String[] a) { System.out.println(\"hi\"); } }"));
 * }</pre>
 */
public final class TestJars {
    private TestJars() {}

    /**
     * Compiles {@code sources} (class name to source text) and writes them into {@code jar}.
     *
     * @param mainClass written as the manifest's {@code Main-Class}, or {@code null} for none
     * @return {@code jar}
     */
    public static Path build(Path jar, String mainClass, Map<String, String> sources) {
        return build(jar, mainClass, sources, Map.of());
    }

    /**
     * As {@link #build(Path, String, Map)}, adding {@code resources} (jar entry name to bytes) to the jar.
     *
     * @return {@code jar}
     */
    public static Path build(Path jar, String mainClass, Map<String, String> sources, Map<String, byte[]> resources) {
        try {
            Path src = Files.createTempDirectory("anvil-testjar-src-");
            Path classes = Files.createTempDirectory("anvil-testjar-classes-");
            List<Path> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey().replace('.', '/') + ".java");
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                files.add(f);
            }
            compile(files, classes);
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            if (mainClass != null) {
                mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
            }
            try (OutputStream out = Files.newOutputStream(jar);
                    JarOutputStream jos = new JarOutputStream(out, mf);
                    Stream<Path> walk = Files.walk(classes)) {
                for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                    jos.putNextEntry(
                            new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    jos.write(Files.readAllBytes(p));
                    jos.closeEntry();
                }
                for (Map.Entry<String, byte[]> r : resources.entrySet()) {
                    jos.putNextEntry(new JarEntry(r.getKey()));
                    jos.write(r.getValue());
                    jos.closeEntry();
                }
            }
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException("could not build test jar " + jar, e);
        }
    }

    /** The bytes of entry {@code name} of {@code jar}. */
    public static byte[] entry(Path jar, String name) {
        try (java.util.jar.JarFile jf = new java.util.jar.JarFile(jar.toFile())) {
            JarEntry e = jf.getJarEntry(name);
            if (e == null) {
                throw new IllegalArgumentException("no such entry [jar=" + jar + ", entry=" + name + "]");
            }
            try (var in = jf.getInputStream(e)) {
                return in.readAllBytes();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void compile(List<Path> files, Path out) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException(
                    "no Java compiler in this JVM (a JRE?) [java.home=" + System.getProperty("java.home") + "]");
        }
        DiagnosticCollector<JavaFileObject> diags = new DiagnosticCollector<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diags, null, StandardCharsets.UTF_8)) {
            List<String> opts =
                    List.of("-d", out.toString(), "-cp", TestClasspath.get(), "--release", "17", "-proc:none");
            Writer sink = Writer.nullWriter();
            boolean ok = javac.getTask(sink, fm, diags, opts, null, fm.getJavaFileObjectsFromPaths(files))
                    .call();
            if (!ok) {
                throw new IllegalArgumentException("test sources do not compile: " + diags.getDiagnostics());
            }
        }
    }
}
