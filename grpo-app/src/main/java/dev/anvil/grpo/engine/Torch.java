package dev.anvil.grpo.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.util.Platform;
import ai.djl.util.Utils;
import dev.anvil.sdk.AnvilException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The PyTorch engine, loaded with errors that say what to do when libtorch is missing.
 *
 * <p>Submitted as a job, the app ships without the ~200 MB pytorch-native-cpu jar. DJL without that jar would
 * fetch its download index first, even with libtorch already in its cache, which fails offline; so when the jar is
 * absent and {@code PYTORCH_LIBRARY_PATH} is unset, the libtorch that {@code bin/grpo engine} (or any earlier
 * {@code bin/grpo} run) extracted into {@code DJL_CACHE_DIR} is used through that property. A node without it, or
 * a worker JVM where another job's class loader already holds libtorch, fails here with an {@link AnvilException}
 * that says what to do (a plain one: actor errors travel to the driver through nodes that lack the job's classes).
 */
public final class Torch {
    private static final String LIBRARY_PATH = "PYTORCH_LIBRARY_PATH";
    private static final String FILL_HINT = "fill it once on this host with `bin/grpo engine` (it extracts libtorch"
            + " from the pytorch-native-cpu jar into DJL_CACHE_DIR), or set PYTORCH_LIBRARY_PATH to a libtorch folder";

    private Torch() {}

    /**
     * The default (PyTorch) engine, loading libtorch on first use.
     *
     * @return the engine
     * @throws AnvilException if libtorch cannot be loaded in this JVM
     */
    public static Engine engine() {
        try {
            useCachedLibtorch();
            return Engine.getInstance();
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw explain(e);
        }
    }

    /**
     * The device for models that no cluster placed (the warm start, the in-process loop, evaluation): DJL's default
     * device, except that a CUDA engine whose GPU count DJL could not read (it asks libcudart by a name pip's CUDA
     * runtime does not carry) still gets GPU 0 when a tensor can be put there.
     *
     * @return the device
     */
    public static Device defaultDevice() {
        Engine engine = engine();
        Device device = engine.defaultDevice();
        if (device.isGpu() || !engine.hasCapability(StandardCapabilities.CUDA)) {
            return device;
        }
        try (NDManager probe = engine.newBaseManager(Device.gpu(0))) {
            probe.zeros(new Shape(1)).toFloatArray();
            return Device.gpu(0);
        } catch (RuntimeException e) {
            return device;
        }
    }

    private static synchronized void useCachedLibtorch() {
        if (Utils.getEnvOrSystemProperty(LIBRARY_PATH) != null) {
            return;
        }
        Platform platform = Platform.detectPlatform("pytorch");
        if (!platform.isPlaceholder()) {
            return; // the native jar is on the classpath: DJL extracts it itself
        }
        Path cache = Utils.getEngineCacheDir("pytorch");
        Path dir = cachedLibtorch(cache, platform.getVersion(), platform.getClassifier())
                .orElseThrow(() -> unavailable(
                        "libtorch " + platform.getVersion() + " is not in DJL's cache and the job"
                                + " does not ship it: " + FILL_HINT,
                        cache.toString(),
                        null));
        System.setProperty(LIBRARY_PATH, dir.toString());
    }

    /** The newest CPU libtorch folder of {@code version} in DJL's cache, e.g. {@code 2.7.1-20250812-cpu-linux-x86_64}. */
    static Optional<Path> cachedLibtorch(Path cache, String version, String classifier) {
        if (!Files.isDirectory(cache)) {
            return Optional.empty();
        }
        String lib = System.mapLibraryName("torch");
        try (Stream<Path> dirs = Files.list(cache)) {
            return dirs.filter(d -> {
                        String n = d.getFileName().toString();
                        return n.startsWith(version + "-")
                                && n.endsWith("-cpu-" + classifier)
                                && Files.isRegularFile(d.resolve(lib));
                    })
                    .max(Comparator.comparing(d -> d.getFileName().toString()))
                    .map(Path::toAbsolutePath);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list DJL's cache [dir=" + cache + "]", e);
        }
    }

    /** The error, with DJL's cause flattened to text: its classes may be missing where the error is read. */
    private static AnvilException unavailable(String problem, String cache, Throwable cause) {
        return new AnvilException(problem + " [DJL_CACHE_DIR=" + cache + ", DJL_OFFLINE=" + System.getenv("DJL_OFFLINE")
                + (cause == null ? "" : ", cause=" + cause) + "]");
    }

    /**
     * Turns an error from loading a DJL native library into one that says what to do, when it is a known case.
     *
     * @param e the error
     * @return the exception to throw
     */
    public static RuntimeException explain(Throwable e) {
        if (e instanceof AnvilException a) {
            return a;
        }
        String cache = Utils.getEngineCacheDir("pytorch").toAbsolutePath().toString();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String msg = String.valueOf(t.getMessage());
            if (msg.contains("Offline mode is enabled")) {
                return unavailable("libtorch is not in DJL's cache and DJL is offline: " + FILL_HINT, cache, e);
            }
            if (t instanceof UnsatisfiedLinkError && msg.contains("another classloader")) {
                return unavailable(
                        "a DJL native library is already loaded in this JVM by another job's class loader"
                                + " (a JNI library binds to one class loader per JVM): start the workers with DJL on their"
                                + " classpath, ANVIL_EXTRA_CLASSPATH='grpo-app/target/node-lib/*' (docs/JOBS.md, DJL jobs)",
                        cache,
                        e);
            }
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
