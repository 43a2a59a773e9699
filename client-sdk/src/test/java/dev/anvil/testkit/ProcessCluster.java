package dev.anvil.testkit;

import static org.awaitility.Awaitility.await;

import dev.anvil.internal.node.FreePorts;
import dev.anvil.sdk.Anvil;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real multi-JVM cluster for tests: a head and N worker processes started with {@code bin/anvil} on a free
 * loopback port block, each with a small heap.
 *
 * <pre>{@code
 * try (ProcessCluster cluster = ProcessCluster.builder().workers(2).gpusPerWorker(1).start()) {
 *     try (Anvil anvil = Anvil.connect(cluster.address())) { ... }
 *     cluster.kill9(cluster.worker(0));
 *     CliResult status = cluster.cli("status", "--json");
 * }
 * }</pre>
 *
 * <p>Port block layout from the random base {@code b}: discovery {@code b..b+9}, communication from {@code b+10},
 * thin client {@code b+30}, HTTP status {@code b+31}. {@link #close()} stops every process it started (SIGTERM, then
 * SIGKILL), and a JVM shutdown hook kills any left if the test JVM dies first.
 */
public final class ProcessCluster implements AutoCloseable {
    private static final String HOST = "127.0.0.1";
    private static final int BLOCK = 40;
    private static final Duration JOIN_WAIT = Duration.ofSeconds(90);

    private final Builder cfg;
    private final int base;
    private final Path dir;
    private final NodeProcess head;
    private final List<NodeProcess> workers = new CopyOnWriteArrayList<>();
    /** Heads started after the first one (standby heads, restarted heads). */
    private final List<NodeProcess> moreHeads = new CopyOnWriteArrayList<>();

    private int nextWorker;

    private ProcessCluster(Builder cfg) {
        this.cfg = cfg;
        this.base = FreePorts.freeBlock(HOST, BLOCK);
        try {
            this.dir = Files.createTempDirectory("anvil-cluster-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        NodeProcess h = null;
        try {
            List<String> args = new ArrayList<>(List.of(
                    "head",
                    "--name",
                    "head",
                    "--thin-port",
                    Integer.toString(thinClientPort()),
                    "--status-port",
                    Integer.toString(statusPort())));
            args.addAll(common());
            args.addAll(cfg.headArgs);
            h = AnvilLauncher.startNode("head", dir.resolve("head.log"), cfg.heap, args, cfg.env());
            awaitStarted(h);
        } catch (RuntimeException | Error e) {
            if (h != null) {
                h.kill9();
            }
            TestFiles.deleteTree(dir);
            throw e;
        }
        this.head = h;
        try {
            List<NodeProcess> started = new ArrayList<>();
            for (int i = 0; i < cfg.workers; i++) {
                started.add(launchWorker(List.of()));
            }
            for (NodeProcess w : started) {
                awaitStarted(w);
            }
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Starts a head and {@code workers} workers with default settings. */
    public static ProcessCluster start(int workers) {
        return builder().workers(workers).start();
    }

    /** A builder for a cluster with non-default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** The discovery address, for {@code Anvil.connect} and {@code --address}/{@code --head}. */
    public String address() {
        return HOST + ":" + base + ".." + (base + 9);
    }

    /**
     * The head's own discovery address, the first port of the block: a client that joins through it stays connected
     * when a worker dies or freezes (a client joined through a frozen worker is disconnected).
     */
    public String headAddress() {
        return HOST + ":" + base;
    }

    /** A client connected through {@link #headAddress()}, for tests that kill or freeze workers under it. */
    public Anvil connectThroughHead() {
        return Anvil.connect(headAddress());
    }

    /** The head's thin-client port (control utility, {@code anvil inspect}). */
    public int thinClientPort() {
        return base + 30;
    }

    /** The head's HTTP status port. */
    public int statusPort() {
        return base + 31;
    }

    /** The head process. */
    public NodeProcess head() {
        return head;
    }

    /** Every worker started so far, in start order, including dead ones. */
    public List<NodeProcess> workers() {
        return List.copyOf(workers);
    }

    /** The {@code i}-th worker started. */
    public NodeProcess worker(int i) {
        return workers.get(i);
    }

    /** The folder holding logs, work folders and the run directory of this cluster. */
    public Path dir() {
        return dir;
    }

    /** The run directory where the nodes record their pids. */
    public Path runDir() {
        return dir.resolve("run");
    }

    /** Starts one more worker (extra flags appended) and waits until it joined. */
    public NodeProcess addWorker(String... extraArgs) {
        NodeProcess w = launchWorker(List.of(extraArgs));
        awaitStarted(w);
        return w;
    }

    /**
     * Starts one more head on discovery port {@code base + portOffset} (inside the block, so every node and client
     * finds it) and waits until it joined: a standby head ({@code --standby}, which takes over when the active head
     * dies), or a plain head (a restart after the active head died). It serves the same status port as the first
     * head once it is the active one; its thin-client port is closed.
     */
    public NodeProcess startHead(String name, int portOffset, boolean standby, String... extraArgs) {
        if (portOffset < 0 || portOffset > 9) {
            throw new IllegalArgumentException("port offset must be in 0..9 [portOffset=" + portOffset + "]");
        }
        List<String> args = new ArrayList<>(
                List.of("head", "--name", name, "--thin-port", "0", "--status-port", Integer.toString(statusPort())));
        if (standby) {
            args.add("--standby");
        }
        args.addAll(common());
        args.addAll(cfg.headArgs);
        // Its own port only (--port-range 1): the range above it is other nodes' and communication ports.
        args.addAll(List.of("--port", Integer.toString(base + portOffset), "--port-range", "1", "--seeds", address()));
        args.addAll(List.of(extraArgs));
        NodeProcess h = AnvilLauncher.startNode(name, dir.resolve(name + ".log"), cfg.heap, args, cfg.env());
        moreHeads.add(h);
        awaitStarted(h);
        return h;
    }

    /** Heads started with {@link #startHead}, in start order, including dead ones. */
    public List<NodeProcess> moreHeads() {
        return List.copyOf(moreHeads);
    }

    /** Kills {@code node} with SIGKILL. */
    public void kill9(NodeProcess node) {
        node.kill9();
    }

    /** Freezes {@code node} with SIGSTOP. */
    public void sigstop(NodeProcess node) {
        node.sigstop();
    }

    /** Resumes {@code node} with SIGCONT. */
    public void sigcont(NodeProcess node) {
        node.sigcont();
    }

    /** Runs {@code anvil args...} as its own process against this cluster's run directory; 90 s limit. */
    public CliResult cli(String... args) {
        return AnvilLauncher.run(Duration.ofSeconds(90), java.util.Map.of("ANVIL_RUN_DIR", runDir().toString()), args);
    }

    /** The last {@code chars} characters of every node's log: what a failure message shows of the cluster. */
    public String logTails(int chars) {
        StringBuilder out = new StringBuilder();
        try (var files = Files.list(dir)) {
            for (Path p :
                    files.filter(f -> f.toString().endsWith(".log")).sorted().toList()) {
                String text = Files.readString(p);
                out.append("==== ")
                        .append(p.getFileName())
                        .append('\n')
                        .append(text, Math.max(0, text.length() - chars), text.length())
                        .append('\n');
            }
        } catch (IOException e) {
            out.append("(node logs unreadable: ").append(e.getMessage()).append(')');
        }
        return out.toString();
    }

    @Override
    public void close() {
        List<NodeProcess> all = new ArrayList<>(workers);
        all.addAll(moreHeads);
        if (head != null) {
            all.add(head);
        }
        for (NodeProcess p : all) {
            if (p.isAlive()) {
                if (p.isStopped()) {
                    p.process().destroyForcibly();
                } else {
                    p.process().destroy();
                }
            }
        }
        for (NodeProcess p : all) {
            if (!p.waitFor(15)) {
                p.kill9();
            }
        }
        TestFiles.deleteTree(dir);
    }

    private List<String> common() {
        List<String> args = new ArrayList<>(List.of(
                "--host",
                HOST,
                "--port",
                Integer.toString(base),
                "--port-range",
                "10",
                "--comm-port",
                Integer.toString(base + 10),
                "--default-region",
                "32m",
                "--state-region",
                cfg.stateRegion,
                "--work-dir",
                dir.resolve("work").toString(),
                "--run-dir",
                runDir().toString()));
        args.addAll(cfg.nodeArgs);
        return args;
    }

    private synchronized NodeProcess launchWorker(List<String> extra) {
        String name = "worker-" + nextWorker++;
        List<String> args = new ArrayList<>(List.of(
                "worker",
                "--name",
                name,
                "--head",
                address(),
                "--gpus",
                Integer.toString(cfg.gpusPerWorker),
                "--cpus",
                Integer.toString(cfg.cpusPerWorker),
                "--memory",
                "1g"));
        args.addAll(common());
        args.addAll(cfg.workerArgs);
        args.addAll(extra);
        NodeProcess w = AnvilLauncher.startNode(name, dir.resolve(name + ".log"), cfg.heap, args, cfg.env());
        workers.add(w);
        return w;
    }

    /** Waits until the node recorded itself (it does so once started and, for a worker, joined). */
    private void awaitStarted(NodeProcess node) {
        Path record = runDir().resolve(node.name() + ".json");
        await("node " + node.name() + " started")
                .atMost(JOIN_WAIT)
                .pollInterval(Duration.ofMillis(100))
                .until(() -> {
                    if (!node.isAlive()) {
                        throw new IllegalStateException("node " + node.name() + " exited with "
                                + node.process().exitValue() + " before it started; its output:\n" + node.output());
                    }
                    return Files.exists(record);
                });
    }

    /** Settings of a {@link ProcessCluster}. */
    public static final class Builder {
        private int workers = 2;
        private int gpusPerWorker;
        private int cpusPerWorker = 2;
        private String heap = AnvilLauncher.DEFAULT_HEAP;
        private String stateRegion = "64m";
        private final List<String> nodeArgs = new ArrayList<>();
        private final List<String> headArgs = new ArrayList<>();
        private final List<String> workerArgs = new ArrayList<>();
        private final List<String> javaOpts = new ArrayList<>();

        private Builder() {}

        /** Extra JVM options for every node, e.g. {@code -Dproperty=value} ({@code ANVIL_JAVA_OPTS}). */
        public Builder javaOpts(String... opts) {
            javaOpts.addAll(List.of(opts));
            return this;
        }

        private java.util.Map<String, String> env() {
            return javaOpts.isEmpty()
                    ? java.util.Map.of()
                    : java.util.Map.of("ANVIL_JAVA_OPTS", String.join(" ", javaOpts));
        }

        /** Worker processes to start (default 2). */
        public Builder workers(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("workers must be >= 0 [workers=" + n + "]");
            }
            this.workers = n;
            return this;
        }

        /** GPUs each worker declares ({@code --gpus N}, default 0). */
        public Builder gpusPerWorker(int n) {
            this.gpusPerWorker = n;
            return this;
        }

        /** CPUs each worker offers (default 2). */
        public Builder cpusPerWorker(int n) {
            this.cpusPerWorker = n;
            return this;
        }

        /** Max heap of each node JVM (default 256m). */
        public Builder heap(String heap) {
            this.heap = heap;
            return this;
        }

        /** Cap of each node's replay/weights data region (default 64m). */
        public Builder stateRegion(String size) {
            this.stateRegion = size;
            return this;
        }

        /** Extra flags for every node (later flags win). */
        public Builder nodeArgs(String... args) {
            nodeArgs.addAll(List.of(args));
            return this;
        }

        /** Extra flags for the head. */
        public Builder headArgs(String... args) {
            headArgs.addAll(List.of(args));
            return this;
        }

        /** Extra flags for every worker. */
        public Builder workerArgs(String... args) {
            workerArgs.addAll(List.of(args));
            return this;
        }

        /** Starts the cluster and waits until every node joined. */
        public ProcessCluster start() {
            return new ProcessCluster(this);
        }
    }
}
