package dev.anvil.worker.jobs;

import dev.anvil.internal.jobs.JobRecord;
import dev.anvil.internal.node.NodeLocalKey;
import dev.anvil.internal.node.TransportSecurity;
import dev.anvil.sdk.JobState;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs job drivers on this node, each in a child JVM of its own ({@link DriverMain}).
 *
 * <p>Why a child JVM and not a thread with a class loader: a driver's {@code System.exit} ends only its own JVM and
 * gives the job its exit code; its stdout/stderr are the process's, captured whole (thread pools, common pool and
 * native output included, which a per-thread-group {@code PrintStream} would miss); {@code stop} is a signal that
 * always works, where a Java thread can only be asked to stop; and a driver that leaks memory or threads cannot take
 * the head down with it. The cost is a JVM start and a client join (~2-4 s) per job.
 *
 * <p>Installed on every server node (head and workers) in its node-local map under {@link #KEY}.
 */
public final class DriverLauncher implements AutoCloseable {
    /** Node-local map key. */
    public static final NodeLocalKey<DriverLauncher> KEY =
            new NodeLocalKey<>("anvil.jobs.launcher", DriverLauncher.class);
    /** System property: max heap of driver JVMs (default 256m). */
    public static final String HEAP_PROPERTY = "anvil.job.driverHeap";
    /** Cap of one job's stored output. */
    static final long LOG_CAP_BYTES = 16L << 20;
    /** How long a driver's last output and end are retried while the cluster is changing. */
    static final long RECORD_RETRY_MS = 120_000;

    private static final Logger LOG = LoggerFactory.getLogger(DriverLauncher.class);

    private final Ignite ignite;
    private final Path root;
    private final Map<String, Process> running = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;
    private volatile JobStore store;

    private DriverLauncher(Ignite ignite, Path root) {
        this.ignite = ignite;
        this.root = root;
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anvil-job-logs");
            t.setDaemon(true);
            return t;
        });
    }

    /** Installs a launcher on {@code ignite}'s node, keeping job files under {@code workDir/jobs}. */
    public static DriverLauncher install(Ignite ignite, Path workDir) {
        Path base = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "anvil-" + ignite.name());
        DriverLauncher launcher = new DriverLauncher(ignite, base.resolve("jobs"));
        KEY.register(ignite, launcher);
        return launcher;
    }

    /** The launcher of {@code ignite}'s node. */
    public static DriverLauncher of(Ignite ignite) {
        DriverLauncher launcher = KEY.find(ignite);
        if (launcher == null) {
            throw new IllegalStateException("no driver launcher on this node [node=" + ignite.name() + "]");
        }
        return launcher;
    }

    private JobStore store() {
        // Created lazily: the caches cannot be created while the node itself is starting.
        if (store == null) {
            store = new JobStore(ignite);
        }
        return store;
    }

    /** Starts job {@code jobId}'s driver here; the job ends FAILED, with the reason in its logs, if it cannot start. */
    public void launch(String jobId) {
        JobRecord rec = store().get(jobId);
        // A restarted driver's output goes on after what its earlier runs wrote.
        LogSink sink = new LogSink(store(), jobId, LOG_CAP_BYTES, rec.restarts() > 0 ? store().nextLogSeq(jobId) : 0);
        if (rec.restarts() > 0) {
            sink.append("anvil: driver restarted on " + ignite.name() + " (restart " + rec.restarts() + " of "
                    + rec.maxRestarts() + "): " + rec.message() + "\n");
        }
        Process process;
        try {
            Path dir = Files.createDirectories(root.resolve(jobId));
            Path jar = dir.resolve("app.jar");
            Files.write(jar, store().getFile(jobId, "jar", rec.jarSize()));
            String config = "-";
            if (rec.configSize() >= 0) {
                Path cfg = dir.resolve("config");
                Files.write(cfg, store().getFile(jobId, "config", rec.configSize()));
                config = cfg.toString();
            }
            ProcessBuilder pb = new ProcessBuilder(command(rec, jar, config)).directory(dir.toFile());
            // The driver sees its own GPUs only, as a replica rank does; and never the node's job token.
            pb.environment().remove("ANVIL_TOKEN");
            // It joins the cluster as this node did: over the cluster's TLS, or marked insecure.
            pb.environment().putAll(TransportSecurity.driverEnvironment(ignite));
            if (!rec.gpus().isEmpty()) {
                pb.environment()
                        .put(
                                "CUDA_VISIBLE_DEVICES",
                                String.join(
                                        ",",
                                        rec.gpus().stream().map(String::valueOf).toList()));
            }
            process = pb.start();
        } catch (IOException | RuntimeException e) {
            LOG.warn("job {} driver could not start", jobId, e);
            sink.append("anvil: the driver could not start on " + ignite.name() + ": " + e + "\n");
            sink.flush();
            store().update(
                            jobId,
                            r -> r.state().isTerminal()
                                    ? r
                                    : r.ended(JobState.FAILED, null, "driver could not start: " + e.getMessage()));
            return;
        }
        running.put(jobId, process);
        JobRecord now = store().update(jobId, r -> r.state() == JobState.PENDING ? r.running() : r);
        if (now.stopRequested()) {
            process.destroy();
        }
        Thread out = pump(process.getInputStream(), sink, jobId + "-out");
        Thread err = pump(process.getErrorStream(), sink, jobId + "-err");
        var flushes = flusher.scheduleWithFixedDelay(() -> safeFlush(sink, jobId), 100, 100, TimeUnit.MILLISECONDS);
        process.onExit().thenRun(() -> finish(jobId, process, sink, out, err, flushes));
    }

    private void finish(
            String jobId,
            Process process,
            LogSink sink,
            Thread out,
            Thread err,
            java.util.concurrent.ScheduledFuture<?> flushes) {
        try {
            out.join(10_000);
            err.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushes.cancel(false);
        int code = process.exitValue();
        try {
            // Output first, state second: a follower that sees the end has all the output. Both are retried while
            // the cluster changes under them (a node, the head say, just died), for a bounded time.
            retrying("store the output of job " + jobId, () -> {
                sink.flush();
                return null;
            });
            retrying(
                    "record the end of job " + jobId,
                    () -> store().update(jobId, r -> {
                        if (r.state().isTerminal()) {
                            return r;
                        }
                        if (r.stopRequested()) {
                            return r.ended(JobState.STOPPED, code, "stopped on request");
                        }
                        return code == 0
                                ? r.ended(JobState.SUCCEEDED, 0, null)
                                : r.ended(JobState.FAILED, code, "driver exited with code " + code);
                    }));
        } catch (RuntimeException e) {
            LOG.warn("could not record the end of job {} (exit code {})", jobId, code, e);
        } finally {
            running.remove(jobId);
            deleteTree(root.resolve(jobId));
        }
    }

    /** Runs {@code action} until it succeeds, for at most {@link #RECORD_RETRY_MS}; rethrows the last failure. */
    private static <T> T retrying(String what, java.util.function.Supplier<T> action) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RECORD_RETRY_MS);
        while (true) {
            try {
                return action.get();
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                LOG.debug("could not {} yet; retrying", what, e);
                java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));
            }
        }
    }

    /**
     * Stops job {@code jobId}'s driver here: SIGTERM, then SIGKILL after {@code graceMs}.
     *
     * @return whether a driver of that job ran here
     */
    public boolean stop(String jobId, long graceMs) {
        Process p = running.get(jobId);
        if (p == null) {
            return false;
        }
        p.destroy();
        try {
            if (!p.waitFor(graceMs, TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
        return true;
    }

    /** Jobs whose driver runs here. */
    public Set<String> runningJobs() {
        return Set.copyOf(running.keySet());
    }

    /** Kills every driver of this node (it is shutting down). */
    @Override
    public void close() {
        running.values().forEach(Process::destroyForcibly);
        flusher.shutdownNow();
    }

    /** The driver's logback configuration, a resource of this module. */
    static final String DRIVER_LOGBACK = "dev/anvil/worker/jobs/driver-logback.xml";
    /** The file of a job's directory where its driver's framework messages go. */
    public static final String INTERNAL_LOG = "anvil-internal.log";

    private List<String> command(JobRecord rec, Path jar, String config) {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(jvmOpens());
        cmd.add("-Xmx" + System.getProperty(HEAP_PROPERTY, "256m"));
        cmd.add("-XX:+ExitOnOutOfMemoryError");
        // Ignite's own output stays out of the job's logs: the framework logs to a file of the job's directory
        // (driver-logback.xml), the application's loggers log errors to stderr, and Ignite prints no banner.
        cmd.add("-Dlogback.configurationFile=" + DRIVER_LOGBACK);
        cmd.add("-Danvil.driver.internalLog=" + jar.resolveSibling(INTERNAL_LOG));
        cmd.add("-Danvil.log.level=ERROR");
        cmd.add("-DIGNITE_QUIET=false");
        cmd.add("-DIGNITE_NO_ASCII=true");
        cmd.add("-DIGNITE_UPDATE_NOTIFIER=false");
        cmd.add("-DIGNITE_NO_SHUTDOWN_HOOK=true");
        cmd.add("-cp");
        cmd.add(classPath());
        cmd.add(DriverMain.class.getName());
        cmd.add(rec.id());
        cmd.add(clusterAddress());
        cmd.add(Long.toString(ProcessHandle.current().pid()));
        cmd.add(jar.toString());
        cmd.add(rec.mainClass());
        cmd.add(config);
        cmd.addAll(rec.args());
        return cmd;
    }

    /** Ignite's Java 17 {@code --add-opens}: the shared args file when known, else this JVM's own flags. */
    private static List<String> jvmOpens() {
        String file = System.getProperty("anvil.jvm.argsFile");
        if (file == null && System.getProperty("anvil.home") != null) {
            file = Path.of(System.getProperty("anvil.home"), "bin", "ignite-jvm.args")
                    .toString();
        }
        if (file != null && Files.isRegularFile(Path.of(file))) {
            return List.of("@" + file);
        }
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a ->
                        a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("--add-modules"))
                .toList();
    }

    /** This JVM's classpath, with a manifest-only launcher jar (surefire's booter) expanded to its entries. */
    static String classPath() {
        List<String> out = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && p.getFileName().toString().startsWith("surefirebooter")) {
                try (JarFile jf = new JarFile(p.toFile())) {
                    String cp = jf.getManifest().getMainAttributes().getValue("Class-Path");
                    for (String url : cp == null ? new String[0] : cp.trim().split("\\s+")) {
                        out.add(Path.of(p.toUri().resolve(url)).toString());
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the launcher jar [jar=" + p + "]", e);
                }
            } else {
                out.add(entry);
            }
        }
        return String.join(File.pathSeparator, out);
    }

    /** The discovery addresses this node itself joined through, for the driver's client node. */
    private String clusterAddress() {
        TcpDiscoverySpi spi = (TcpDiscoverySpi) ignite.configuration().getDiscoverySpi();
        Set<String> addrs = new LinkedHashSet<>();
        String host = spi.getLocalAddress() == null ? "127.0.0.1" : spi.getLocalAddress();
        addrs.add(host + ":" + spi.getLocalPort());
        for (InetSocketAddress a : spi.getIpFinder().getRegisteredAddresses()) {
            addrs.add(a.getHostString() + ":" + a.getPort());
        }
        return String.join(",", addrs);
    }

    private static Thread pump(InputStream in, LogSink sink, String name) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        // Whole lines, so that stdout and stderr interleave by line, never mid-line.
                        String line;
                        while ((line = r.readLine()) != null) {
                            sink.append(line + "\n");
                        }
                    } catch (IOException e) {
                        // the process is gone; what it wrote is in the sink
                    }
                },
                "anvil-job-" + name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void safeFlush(LogSink sink, String jobId) {
        try {
            sink.flush();
        } catch (RuntimeException e) {
            // Kept in the sink and written again at the next flush, in order.
            LOG.debug("could not store output of job {} yet", jobId, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.debug("could not delete {}", dir, e);
        }
    }
}
