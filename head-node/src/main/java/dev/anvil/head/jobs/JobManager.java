package dev.anvil.head.jobs;

import dev.anvil.internal.jobs.JobRecord;
import dev.anvil.internal.jobs.JobRecords;
import dev.anvil.sdk.JobException;
import dev.anvil.sdk.JobState;
import dev.anvil.worker.jobs.JobStore;
import dev.anvil.worker.jobs.LaunchDriverTask;
import dev.anvil.worker.jobs.StopDriverTask;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import javax.cache.Cache;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's job manager: accepts submissions (after the token check and {@link JarInspector}), keeps jar and config
 * in the cluster, places the driver ({@link DriverPlacement}) and has that node's launcher start it; stops jobs; and
 * when a job ends, however it ends, shuts down the services it spawned (through {@link JobServices}) and drops its
 * files. A driver whose node leaves the cluster fails its job.
 */
public final class JobManager implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(JobManager.class);
    /** How long a stopped driver gets between SIGTERM and SIGKILL. */
    static final long STOP_GRACE_MS = 5_000;

    private static final long STOP_WAIT_MS = 30_000;
    /** Ignite's node attribute holding the instance name. */
    private static final String IGNITE_NAME_ATTR = "org.apache.ignite.ignite.name";

    private final Ignite ignite;
    private final JobSettings settings;
    private final JobStore store;
    private final JobServices services;
    private final boolean loopbackHead;
    private final ExecutorService cleaner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "anvil-job-cleanup");
        t.setDaemon(true);
        return t;
    });
    private final Set<String> cleaned = ConcurrentHashMap.newKeySet();
    private final QueryCursor<Cache.Entry<String, String>> endWatch;
    private final IgnitePredicate<Event> nodeLeft = this::onNodeLeft;

    private JobManager(Ignite ignite, JobSettings settings, JobServices services) {
        this.ignite = ignite;
        this.settings = settings;
        this.store = new JobStore(ignite);
        this.services = services;
        this.loopbackHead = isLoopback(((TcpDiscoverySpi) ignite.configuration().getDiscoverySpi()).getLocalAddress());
        ContinuousQuery<String, String> q = new ContinuousQuery<>();
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends String> e : events) {
                if (e.getValue() != null
                        && JobRecord.fromJson(e.getValue()).state().isTerminal()) {
                    onEnded(e.getKey());
                }
            }
        });
        IgniteCache<String, String> records = ignite.cache(JobRecords.RECORDS);
        this.endWatch = records.query(q);
        ignite.events().localListen(nodeLeft, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
    }

    /**
     * Starts the job manager on the head {@code ignite}.
     *
     * @param services how to find and shut down the services a job spawned
     */
    public static JobManager install(Ignite ignite, JobSettings settings, JobServices services) {
        JobManager m = new JobManager(ignite, settings, services);
        m.failOrphans();
        m.cleanUpEndedWhileNoHead();
        LOG.info("job manager started [{}, loopbackOnly={}]", settings, settings.token() == null);
        return m;
    }

    /**
     * Accepts a job: checks the token, the jar and the main class, stores jar and config, starts the driver.
     *
     * @return the new job id
     */
    public String submit(String token, byte[] jar, String mainClass, List<String> args, byte[] config, int gpus) {
        return submit(token, jar, mainClass, args, config, gpus, 0);
    }

    /**
     * Accepts a job whose driver is started again, up to {@code maxRestarts} times, when its node leaves the cluster.
     *
     * @return the new job id
     */
    public String submit(
            String token, byte[] jar, String mainClass, List<String> args, byte[] config, int gpus, int maxRestarts) {
        authorize(token, null);
        if (maxRestarts < 0) {
            throw new JobException(
                    JobException.Reason.INVALID, null, "max restarts must be >= 0 [maxRestarts=" + maxRestarts + "]");
        }
        String main = JarInspector.inspect(jar, mainClass, settings.maxJarBytes());
        if (config != null && config.length > settings.maxJarBytes()) {
            throw new JobException(
                    JobException.Reason.INVALID,
                    null,
                    "job config is larger than the head accepts [size=" + config.length + ", limit="
                            + settings.maxJarBytes() + "]");
        }
        if (gpus < 0) {
            throw new JobException(
                    JobException.Reason.INVALID, null, "entrypoint GPUs must be >= 0 [entrypointGpus=" + gpus + "]");
        }
        String id = "job-" + UUID.randomUUID().toString().substring(0, 8);
        DriverPlacement place = DriverPlacement.choose(ignite, services.ledger(), id, gpus, driversPerNode(), null);
        ClusterNode node = place.node();
        String nodeName = nameOf(node);
        try {
            store.putFile(id, "jar", jar);
            if (config != null) {
                store.putFile(id, "config", config);
            }
            store.create(JobRecord.pending(id, main, args, jar.length, config == null ? -1 : config.length, gpus)
                    .placed(node.id().toString(), nodeName, place.gpus())
                    .withMaxRestarts(maxRestarts));
        } catch (RuntimeException e) {
            // Nothing half-stored stays behind: no record means no job, so its files and GPUs go too.
            services.ledger().release(DriverPlacement.owner(id));
            store.removeFile(id, "jar", jar.length);
            if (config != null) {
                store.removeFile(id, "config", config.length);
            }
            throw e;
        }
        launch(id, node, nodeName);
        LOG.info("job {} submitted [mainClass={}, node={}, jarSize={}]", id, main, nodeName, jar.length);
        return id;
    }

    /** Has {@code node}'s launcher start job {@code id}'s driver; a launch that fails ends the job FAILED. */
    private void launch(String id, ClusterNode node, String nodeName) {
        ignite.compute(ignite.cluster().forNode(node))
                .runAsync(new LaunchDriverTask(id))
                .listen(f -> {
                    try {
                        f.get();
                    } catch (RuntimeException e) {
                        LOG.warn("job {}: launching its driver failed", id, e);
                        endIfRunning(
                                id, JobState.FAILED, "driver launch failed on " + nodeName + ": " + e.getMessage());
                    }
                });
    }

    private static String nameOf(ClusterNode node) {
        Object name = node.attribute(IGNITE_NAME_ATTR);
        return name != null ? name.toString() : node.consistentId().toString();
    }

    /**
     * Job {@code r}'s driver was lost with its node: started again elsewhere when the job has restarts left, else the
     * job ends (FAILED, or STOPPED when a stop was asked) with {@code why}.
     */
    private void driverLost(JobRecord r, String why) {
        if (r.stopRequested() || r.restarts() >= r.maxRestarts()) {
            endIfRunning(r.id(), r.stopRequested() ? JobState.STOPPED : JobState.FAILED, why);
            return;
        }
        // The lost run's services go with it, as an actor goes with its owner in Ray: the restarted driver spawns its
        // own, and the old ones would hold workers and GPUs until the job ended.
        services.shutdownAll(r.id());
        services.ledger().release(DriverPlacement.owner(r.id()));
        DriverPlacement place;
        try {
            place = DriverPlacement.choose(
                    ignite,
                    services.ledger(),
                    r.id(),
                    r.entrypointGpus(),
                    driversPerNode(),
                    r.nodeId() == null ? null : UUID.fromString(r.nodeId()));
        } catch (RuntimeException e) {
            endIfRunning(r.id(), JobState.FAILED, why + "; no node to restart the driver on: " + e.getMessage());
            return;
        }
        ClusterNode node = place.node();
        String nodeName = nameOf(node);
        boolean[] mine = {false};
        store.update(r.id(), cur -> {
            mine[0] = !cur.state().isTerminal() && java.util.Objects.equals(cur.nodeId(), r.nodeId());
            return mine[0] ? cur.restarted(node.id().toString(), nodeName, place.gpus(), why) : cur;
        });
        if (!mine[0]) {
            services.ledger().release(DriverPlacement.owner(r.id()));
            return;
        }
        LOG.warn(
                "job {}: {}; restarting its driver on {} (restart {} of {})",
                r.id(),
                why,
                nodeName,
                r.restarts() + 1,
                r.maxRestarts());
        launch(r.id(), node, nodeName);
    }

    /** Stops job {@code id}'s driver and shuts down its services; returns once the job is STOPPED. */
    public void stop(String token, String id) {
        authorize(token, id);
        JobRecord rec = store.get(id);
        if (rec.state().isTerminal()) {
            throw new JobException(
                    JobException.Reason.WRONG_STATE,
                    id,
                    "job already ended [id=" + id + ", state=" + rec.state() + "]");
        }
        boolean[] first = {false};
        rec = store.update(id, r -> {
            first[0] = !r.stopRequested() && !r.state().isTerminal();
            return first[0] ? r.stopping() : r;
        });
        if (!first[0]) {
            throw new JobException(
                    JobException.Reason.WRONG_STATE,
                    id,
                    "job is already stopping or ended [id=" + id + ", state=" + rec.state() + "]");
        }
        ClusterNode node = rec.nodeId() == null ? null : ignite.cluster().node(UUID.fromString(rec.nodeId()));
        if (node != null) {
            try {
                ignite.compute(ignite.cluster().forNode(node)).call(new StopDriverTask(id, STOP_GRACE_MS));
                // The launcher records STOPPED when the driver exits, after its last output.
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(STOP_WAIT_MS);
                while (!store.get(id).state().isTerminal() && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                }
            } catch (RuntimeException e) {
                LOG.warn("job {}: stopping its driver on {} failed", id, rec.nodeName(), e);
            }
        }
        // A driver that never started, or whose node is gone, is ended here.
        endIfRunning(id, JobState.STOPPED, "stopped on request");
        // Services go synchronously here, so that stop() returning means their GPUs are free.
        cleanup(id);
    }

    /** How many unfinished jobs have their driver on each node. */
    private Map<String, Long> driversPerNode() {
        return store.list().stream()
                .filter(r -> !r.state().isTerminal() && r.nodeId() != null)
                .collect(Collectors.groupingBy(JobRecord::nodeId, Collectors.counting()));
    }

    private void endIfRunning(String id, JobState end, String why) {
        store.update(id, r -> r.state().isTerminal() ? r : r.ended(end, null, why));
    }

    private void authorize(String token, String id) {
        String expected = settings.token();
        if (expected == null) {
            if (!loopbackHead) {
                throw new JobException(
                        JobException.Reason.UNAUTHORIZED,
                        id,
                        "job requests refused: this head has no"
                                + " auth token and listens beyond loopback; start it with --auth-token-file [head="
                                + ignite.name() + "]");
            }
            return;
        }
        if (token == null) {
            throw new JobException(
                    JobException.Reason.UNAUTHORIZED,
                    id,
                    "job requests need the head's token (set " + "ANVIL_TOKEN or pass --token-file) [token=<missing>]");
        }
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            throw new JobException(
                    JobException.Reason.UNAUTHORIZED, id, "job request refused: wrong token [token=<wrong>]");
        }
    }

    /** Jobs a previous head left running on nodes that are gone (the head itself, say) have failed. */
    private void failOrphans() {
        for (JobRecord r : store.list()) {
            if (!r.state().isTerminal()
                    && (r.nodeId() == null || ignite.cluster().node(UUID.fromString(r.nodeId())) == null)) {
                driverLost(r, "the node running the driver left the cluster [node=" + r.nodeName() + "]");
            }
        }
    }

    /** Jobs that ended while no head ran (their worker recorded the end) still own services: shut them down. */
    private void cleanUpEndedWhileNoHead() {
        for (JobRecord r : store.list()) {
            if (r.state().isTerminal() && !services.servicesOf(r.id()).isEmpty()) {
                cleaner.submit(() -> cleanup(r.id()));
            }
        }
    }

    private boolean onNodeLeft(Event evt) {
        ClusterNode left = ((DiscoveryEvent) evt).eventNode();
        cleaner.submit(() -> failJobsOn(left.id().toString(), String.valueOf(left.consistentId()), 1));
        return true;
    }

    /**
     * Fails the running jobs whose driver ran on the node that left; retried while the topology settles. A head that
     * is stopping itself gives up quietly: its caches go away under it, and the next head reads the jobs afresh.
     */
    private void failJobsOn(String nodeId, String nodeName, int firstAttempt) {
        for (int attempt = firstAttempt; ; attempt++) {
            try {
                for (JobRecord r : store.list()) {
                    if (!r.state().isTerminal() && nodeId.equals(r.nodeId())) {
                        LOG.warn("job {}: the node running its driver left [node={}]", r.id(), r.nodeName());
                        driverLost(r, "the node running the driver left the cluster [node=" + r.nodeName() + "]");
                    }
                }
                return;
            } catch (RuntimeException e) {
                if (headStopping() || stoppingCause(e)) {
                    LOG.debug("head stopping: jobs of departed node {} left to the next head", nodeName, e);
                    return;
                }
                if (attempt >= 10) {
                    LOG.warn(
                            "could not fail the jobs of departed node {}: {}",
                            nodeName,
                            String.valueOf(e.getMessage()).lines().findFirst().orElse(""));
                    LOG.debug("failing the jobs of departed node {}", nodeName, e);
                    return;
                }
                LOG.debug("failing the jobs of departed node {} (attempt {})", nodeName, attempt, e);
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
            }
        }
    }

    /** Whether {@code e} says that a node or cache is stopping (Ignite's node-stopping and cache-stopped errors). */
    private static boolean stoppingCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String type = t.getClass().getSimpleName();
            String msg = String.valueOf(t.getMessage());
            if (type.equals("NodeStoppingException")
                    || type.equals("CacheStoppedException")
                    || msg.contains("node is stopping")
                    || msg.contains("cache is stopped")
                    || msg.contains("Grid is in invalid state")) {
                return true;
            }
        }
        return false;
    }

    /** Whether this head's node is going down (or gone), so cache failures are expected, not news. */
    private boolean headStopping() {
        return cleaner.isShutdown()
                || org.apache.ignite.Ignition.state(ignite.name()) != org.apache.ignite.IgniteState.STARTED;
    }

    private void onEnded(String id) {
        if (!cleaned.contains(id)) {
            cleaner.submit(() -> cleanup(id));
        }
    }

    /** Shuts down what an ended job owned: its services, then its files. Runs once per job. */
    private synchronized void cleanup(String id) {
        if (cleaned.contains(id)) {
            return;
        }
        try {
            services.shutdownAll(id);
            services.ledger().release(DriverPlacement.owner(id));
            JobRecord rec = store.get(id);
            store.removeFile(id, "jar", rec.jarSize());
            if (rec.configSize() >= 0) {
                store.removeFile(id, "config", rec.configSize());
            }
            cleaned.add(id);
        } catch (RuntimeException e) {
            LOG.warn("job {}: cleanup after its end failed", id, e);
        }
    }

    private static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Override
    public void close() {
        ignite.events().stopLocalListen(nodeLeft);
        endWatch.close();
        cleaner.shutdownNow();
    }
}
