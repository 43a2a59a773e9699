package dev.anvil.head.jobs;

import dev.anvil.sdk.JobException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;

/**
 * Checks a submitted jar before the cluster keeps it: within the size limit, a real jar, and holding the main class
 * with a {@code public static void main(String[])}. The class is looked at in a throw-away class loader and never
 * initialised, so no job code runs on the head.
 */
public final class JarInspector {
    private JarInspector() {}

    /**
     * Checks {@code jar} and returns the main class to run.
     *
     * @param mainClass the class asked for, or {@code null} for the manifest's {@code Main-Class}
     * @throws JobException with reason INVALID naming the problem
     */
    public static String inspect(byte[] jar, String mainClass, long maxBytes) {
        if (jar == null || jar.length == 0) {
            throw invalid("job jar is empty", "size=0");
        }
        if (jar.length > maxBytes) {
            throw invalid("job jar is larger than the head accepts", "size=" + jar.length + ", limit=" + maxBytes);
        }
        Map<String, byte[]> classes = new HashMap<>();
        Manifest manifest;
        // A zip starts with a local file header "PK\3\4"; anything else is not a jar, whatever its name.
        if (jar.length < 4 || jar[0] != 'P' || jar[1] != 'K' || jar[2] != 3 || jar[3] != 4) {
            throw invalid("job jar is not a jar (no zip header)", "size=" + jar.length);
        }
        try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(jar))) {
            manifest = in.getManifest();
            JarEntry e;
            int entries = 0;
            while ((e = in.getNextJarEntry()) != null) {
                entries++;
                if (!e.isDirectory() && e.getName().endsWith(".class")) {
                    classes.put(e.getName(), in.readAllBytes());
                }
            }
            if (entries == 0 && manifest == null) {
                throw invalid("job jar is not a jar (no entries)", "size=" + jar.length);
            }
        } catch (IOException | SecurityException | IllegalArgumentException e) {
            throw invalid("job jar is not a readable jar: " + e.getMessage(), "size=" + jar.length);
        }
        String main = mainClass;
        if (main == null) {
            main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
            if (main == null || main.isBlank()) {
                throw invalid(
                        "no main class given and the jar manifest names none (pass --main CLASS)", "mainClass=<unset>");
            }
            main = main.strip();
        }
        String entry = main.replace('.', '/') + ".class";
        if (!classes.containsKey(entry)) {
            throw invalid("main class is not in the job jar", "mainClass=" + main + ", classes=" + classes.size());
        }
        checkMainMethod(classes, main);
        return main;
    }

    private static void checkMainMethod(Map<String, byte[]> classes, String main) {
        ClassLoader loader = new ClassLoader("anvil-jar-inspector", JarInspector.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = classes.get(name.replace('.', '/') + ".class");
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        Method m;
        try {
            Class<?> cls = Class.forName(main, false, loader);
            m = cls.getMethod("main", String[].class);
        } catch (NoSuchMethodException e) {
            throw invalid("main class has no public main(String[]) method", "mainClass=" + main);
        } catch (ClassNotFoundException | LinkageError e) {
            throw invalid("main class cannot be loaded from the job jar: " + e, "mainClass=" + main);
        }
        if (!Modifier.isStatic(m.getModifiers()) || m.getReturnType() != void.class) {
            throw invalid("main(String[]) of the main class must be static and return void", "mainClass=" + main);
        }
    }

    private static JobException invalid(String what, String data) {
        return new JobException(JobException.Reason.INVALID, null, what + " [" + data + "]");
    }
}
