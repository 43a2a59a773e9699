package dev.anvil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code bin/anvil} as real processes from tests, on the tests' own classpath ({@code ANVIL_CLASSPATH}), so
 * the launcher script, {@code bin/ignite-jvm.args} and the CLI are exercised exactly as users run them.
 *
 * <p>Every process started here is killed by a JVM shutdown hook if the test forgets to, so no node outlives the
 * test JVM.
 */
public final class AnvilLauncher {
    /** Heap of each spawned JVM unless a test asks for another. */
    public static final String DEFAULT_HEAP = "256m";

    /** System property: when set, the classpath of the processes started here instead of the tests' own. */
    public static final String NODE_CLASSPATH = "anvil.testkit.nodeClasspath";

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "anvil-testkit-reaper"));
    }

    private AnvilLauncher() {}

    /** The project root ({@code -Danvil.home}, set by surefire). */
    public static Path anvilHome() {
        String home = System.getProperty("anvil.home");
        if (home == null) {
            throw new IllegalStateException(
                    "system property anvil.home is not set (surefire sets it to the project root)");
        }
        return Path.of(home);
    }

    /** A process builder for {@code bin/anvil args...} with the given heap. */
    public static ProcessBuilder command(String heap, List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(anvilHome().resolve("bin/anvil").toString());
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        Map<String, String> env = pb.environment();
        // anvil.testkit.nodeClasspath: a narrower classpath for the nodes, e.g. one without a job's own libraries.
        env.put("ANVIL_CLASSPATH", System.getProperty(NODE_CLASSPATH, TestClasspath.get()));
        env.put("ANVIL_HEAP", heap);
        // A test must never pick up a developer's cluster address or run folder.
        env.remove("ANVIL_ADDRESS");
        env.remove("ANVIL_RUN_DIR");
        return pb;
    }

    /** Starts a long-running node ({@code anvil head ...}, {@code anvil worker ...}) logging to {@code log}. */
    public static NodeProcess startNode(String name, Path log, String heap, List<String> args) {
        return startNode(name, log, heap, args, Map.of());
    }

    /** As {@link #startNode(String, Path, String, List)}, with extra environment variables. */
    public static NodeProcess startNode(
            String name, Path log, String heap, List<String> args, Map<String, String> env) {
        ProcessBuilder pb = command(heap, args).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            track(p);
            return new NodeProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /**
     * As {@link #startNode(String, Path, String, List, Map)}, run through {@code wrapper} (e.g. {@code ip netns exec
     * NS unshare -m ...}); every wrapper must exec its command, so the process is the node's JVM itself.
     */
    public static NodeProcess startNode(
            String name, Path log, String heap, List<String> args, Map<String, String> env, List<String> wrapper) {
        ProcessBuilder pb = command(heap, args).redirectErrorStream(true).redirectOutput(log.toFile());
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(pb.command());
        pb.command(cmd);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            track(p);
            return new NodeProcess(name, p, log);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name, e);
        }
    }

    /** Runs a short {@code anvil ...} command to completion (killed after {@code timeout}) and returns its output. */
    public static CliResult run(Duration timeout, String... args) {
        return run(timeout, Map.of(), args);
    }

    /** As {@link #run(Duration, String...)}, with extra environment variables. */
    public static CliResult run(Duration timeout, Map<String, String> env, String... args) {
        Path out = null;
        Path err = null;
        Process p = null;
        try {
            out = Files.createTempFile("anvil-cli-", ".out");
            err = Files.createTempFile("anvil-cli-", ".err");
            ProcessBuilder pb = command(DEFAULT_HEAP, List.of(args))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            pb.environment().putAll(env);
            p = pb.start();
            track(p);
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("anvil " + String.join(" ", args) + " did not finish within " + timeout
                        + "\n--- stdout\n" + Files.readString(out) + "--- stderr\n" + Files.readString(err));
            }
            return new CliResult(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (p != null) {
                p.destroyForcibly();
                LIVE.remove(p);
            }
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void track(Process p) {
        LIVE.add(p);
        p.onExit().thenRun(() -> LIVE.remove(p));
    }

    private static void deleteQuietly(Path f) {
        if (f != null) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException ignored) {
                // a temp file; the OS cleans it up
            }
        }
    }
}
