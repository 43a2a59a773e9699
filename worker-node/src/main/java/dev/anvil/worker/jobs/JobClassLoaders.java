package dev.anvil.worker.jobs;

import dev.anvil.internal.code.CodeStore;
import dev.anvil.internal.jobs.JobRecord;
import dev.anvil.internal.jobs.JobRecords;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.worker.replica.ActorClassResolver;
import dev.anvil.worker.replica.ActorClassResolvers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.cache.event.CacheEntryEvent;
import org.apache.ignite.Ignite;
import org.apache.ignite.cache.query.ContinuousQuery;
import org.apache.ignite.cache.query.QueryCursor;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The workers' {@link ActorClassResolver}: a replica of a submitted job gets its actor class from that job's jar,
 * fetched from the cluster on first use and loaded by a class loader of the job's own (parent: Anvil's, so the SDK
 * is shared). Two jobs with different versions of one class name therefore never see each other's class. The loader
 * is closed and its jar deleted when the job ends.
 *
 * <p>One per JVM (the resolver is process-wide): every worker node of the JVM registers with it, and it reads the
 * jobs' jars through any registered node.
 */
public final class JobClassLoaders implements ActorClassResolver {
    private static final Logger LOG = LoggerFactory.getLogger(JobClassLoaders.class);
    private static final JobClassLoaders INSTANCE = new JobClassLoaders();

    private final List<Registration> nodes = new CopyOnWriteArrayList<>();
    private final Map<String, URLClassLoader> loaders = new ConcurrentHashMap<>();
    private final Path root;
    private final ClientCodeLoaders clients;

    private JobClassLoaders() {
        try {
            root = Files.createTempDirectory("anvil-job-classes-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        clients = new ClientCodeLoaders(root.resolve("clients"));
    }

    /** Makes {@code ignite}'s node resolve job actor classes (and installs the resolver for this JVM). */
    public static void register(Ignite ignite) {
        INSTANCE.add(ignite);
        ActorClassResolvers.set(INSTANCE);
    }

    /** Stops using {@code ignite}'s node (it is stopping). */
    public static void unregister(Ignite ignite) {
        INSTANCE.remove(ignite);
    }

    /** The JVM's instance. */
    public static JobClassLoaders get() {
        return INSTANCE;
    }

    private void add(Ignite ignite) {
        JobStore store = new JobStore(ignite);
        ContinuousQuery<String, String> q = new ContinuousQuery<>();
        q.setLocalListener(events -> {
            for (CacheEntryEvent<? extends String, ? extends String> e : events) {
                if (e.getValue() != null
                        && JobRecord.fromJson(e.getValue()).state().isTerminal()) {
                    drop(e.getKey());
                }
            }
        });
        QueryCursor<?> cursor = ignite.<String, String>cache(JobRecords.RECORDS).query(q);
        // The code an outside client shipped goes with it.
        IgnitePredicate<Event> clientLeft = e -> {
            ClusterNode n = ((DiscoveryEvent) e).eventNode();
            if (n.isClient()) {
                clients.drop(String.valueOf(n.id()));
            }
            return true;
        };
        ignite.events().localListen(clientLeft, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
        nodes.add(new Registration(ignite, store, cursor, clientLeft));
    }

    private void remove(Ignite ignite) {
        for (Registration r : nodes) {
            if (r.ignite == ignite) {
                nodes.remove(r);
                try {
                    r.ignite.events().stopLocalListen(r.clientLeft);
                } catch (RuntimeException e) {
                    LOG.debug("removing the client watch of a stopping node failed", e);
                }
                try {
                    r.cursor.close();
                } catch (RuntimeException e) {
                    LOG.debug("closing the job watch of a stopping node failed", e);
                }
            }
        }
    }

    @Override
    public ClassLoader loaderFor(String jobId) {
        if (jobId == null) {
            return ActorClassResolvers.classpath().loaderFor((String) null);
        }
        return loaders.computeIfAbsent(jobId, this::open);
    }

    @Override
    public ClassLoader loaderFor(ServiceSpec spec) {
        if (spec.clientCode() == null) {
            return loaderFor(spec.jobId());
        }
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no worker node in this JVM to fetch client code [client="
                    + spec.clientCode().clientId() + "]");
        }
        return clients.loaderFor(spec.clientCode(), () -> new CodeStore(nodes.get(0).ignite));
    }

    /** Outside clients whose shipped code has a class loader open in this JVM. */
    public java.util.Set<String> openClients() {
        return clients.openClients();
    }

    /** Jobs whose class loader is open in this JVM. */
    public java.util.Set<String> openJobs() {
        return java.util.Set.copyOf(loaders.keySet());
    }

    private URLClassLoader open(String jobId) {
        if (nodes.isEmpty()) {
            throw new IllegalArgumentException("no worker node in this JVM to fetch job classes [job=" + jobId + "]");
        }
        JobStore store = nodes.get(0).store;
        JobRecord rec = store.find(jobId)
                .orElseThrow(() ->
                        new IllegalArgumentException("unknown job, cannot load its actor classes [job=" + jobId + "]"));
        if (rec.state().isTerminal()) {
            throw new IllegalArgumentException(
                    "job has ended, its actor classes are gone [job=" + jobId + ", state=" + rec.state() + "]");
        }
        try {
            Path jar = Files.createDirectories(root.resolve(jobId)).resolve("app.jar");
            Files.write(jar, store.getFile(jobId, "jar", rec.jarSize()));
            LOG.info("job class loader opened [job={}, jarSize={}]", jobId, rec.jarSize());
            return new URLClassLoader(
                    "anvil-job-" + jobId, new URL[] {jar.toUri().toURL()}, JobClassLoaders.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the jar of job " + jobId, e);
        }
    }

    /** Closes job {@code jobId}'s loader and deletes its jar; its replicas are gone by then. */
    void drop(String jobId) {
        URLClassLoader l = loaders.remove(jobId);
        if (l == null) {
            return;
        }
        try {
            l.close();
            Path dir = root.resolve(jobId);
            Files.deleteIfExists(dir.resolve("app.jar"));
            Files.deleteIfExists(dir);
            LOG.info("job class loader dropped [job={}]", jobId);
        } catch (IOException e) {
            LOG.debug("could not delete the jar of job {}", jobId, e);
        }
    }

    private record Registration(
            Ignite ignite, JobStore store, QueryCursor<?> cursor, IgnitePredicate<Event> clientLeft) {}
}
