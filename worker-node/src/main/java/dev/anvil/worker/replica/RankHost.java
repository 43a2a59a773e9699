package dev.anvil.worker.replica;

import dev.anvil.internal.calls.CallResult;
import dev.anvil.internal.calls.LocalReplicas;
import dev.anvil.internal.calls.ProbeReport;
import dev.anvil.internal.calls.ReplicaContextHolder;
import dev.anvil.internal.calls.ReplicaHost;
import dev.anvil.internal.codec.ActorClasses;
import dev.anvil.internal.codec.EndpointMethod;
import dev.anvil.internal.codec.ValueCodec;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.sdk.ReplicaContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ignite.Ignite;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hosts one rank of one replica on this worker. The class is on every worker and instantiates the user's actor class
 * by name, through the {@link ActorClassResolver} (the worker's classpath, a submitted job's jar, or a client's shipped
 * code). Started and stopped by the head's {@link StartRankTask} and {@link StopRanksTask} through {@link RankHosts}.
 *
 * <p>{@link #start} constructs the actor and calls its {@code setup()} (a failure fails the start); {@link #stop}
 * calls {@code cleanup()}. Calls run on the replica's own executor, one at a time unless the service opted into
 * {@code maxConcurrentRequests > 1}, behind a bounded queue ({@link CallQueue}).
 */
public final class RankHost implements ReplicaHost {
    private static final Logger LOG = LoggerFactory.getLogger(RankHost.class);
    /** Runs {@code checkHealth()} so a probe can give up on a hung actor without hanging itself. */
    private static final ExecutorService PROBES = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "anvil-health-check");
        t.setDaemon(true);
        return t;
    });

    private final ServiceSpec spec;
    private final String name;
    private final int replica;
    private final int rank;
    private final ArrayList<Integer> gpus;

    private Ignite ignite;
    private Object actor;
    private Class<?> actorClass;
    private ReplicaContext context;
    private CallQueue calls;
    private ReplicaStats stats;
    private Map<String, Method> endpoints;
    private Method checkHealth;
    private volatile boolean stopping;

    /** Creates the host of rank {@code rank} of replica {@code replica} of {@code spec}. */
    RankHost(ServiceSpec spec, String name, int replica, int rank, List<Integer> gpus) {
        this.spec = spec;
        this.name = name;
        this.replica = replica;
        this.rank = rank;
        this.gpus = new ArrayList<>(gpus);
    }

    /** Constructs the actor on {@code ignite}'s node and registers it for calls; throws what the actor threw. */
    void start(Ignite ignite) throws Exception {
        this.ignite = ignite;
        ActorClassResolver resolver = ActorClassResolvers.get();
        actorClass = resolver.resolve(spec);
        ClassLoader loader = resolver.loaderFor(spec);
        context = new ReplicaContext(
                spec.name(),
                replica,
                rank,
                spec.procs(),
                gpus,
                String.valueOf(ignite.cluster().localNode().id()));
        calls = new CallQueue(spec.name() + "-" + replica, spec.maxConcurrentRequests(), spec.maxQueue());
        stats = new ReplicaStats();
        endpoints = EndpointMethod.endpointsOf(actorClass);
        checkHealth = ActorClasses.hook(actorClass, "checkHealth", boolean.class);
        Object[] args = ValueCodec.decodeAll(spec.ctorArgs(), loader);
        ReplicaContext prev = ReplicaContextHolder.bind(context);
        ClassLoader prevLoader = bindLoader();
        try {
            actor = ActorClasses.constructorFor(actorClass, args).newInstance(args);
            Method setup = ActorClasses.hook(actorClass, "setup", void.class);
            if (setup != null) {
                setup.invoke(actor);
            }
        } catch (InvocationTargetException e) {
            throw asException(e.getCause());
        } finally {
            ReplicaContextHolder.restore(prev);
            Thread.currentThread().setContextClassLoader(prevLoader);
        }
        LocalReplicas.register(ignite, name, this);
        LOG.debug("replica started [service={}, replica={}, rank={}, gpus={}]", spec.name(), replica, rank, gpus);
    }

    /** Takes the rank out of calls, stops its executor and calls the actor's {@code cleanup()}. */
    void stop() {
        stopping = true;
        if (ignite != null) {
            LocalReplicas.unregister(ignite, name, this);
        }
        if (calls != null) {
            calls.shutdown();
        }
        if (actor == null) {
            return;
        }
        Method cleanup = ActorClasses.hook(actorClass, "cleanup", void.class);
        if (cleanup != null) {
            ReplicaContext prev = ReplicaContextHolder.bind(context);
            ClassLoader prevLoader = bindLoader();
            try {
                cleanup.invoke(actor);
            } catch (Exception e) {
                LOG.warn("cleanup() failed [service={}, replica={}, rank={}]", spec.name(), replica, rank, e);
            } finally {
                ReplicaContextHolder.restore(prev);
                Thread.currentThread().setContextClassLoader(prevLoader);
            }
        }
    }

    @Override
    public CompletableFuture<CallResult> invokeAsync(String signature, Object[] encodedArgs) {
        if (stopping) {
            return CompletableFuture.completedFuture(CallResult.failure(
                    CallResult.Outcome.GONE,
                    "replica is stopping [service=" + spec.name() + ", replica=" + replica + "]"));
        }
        Method m = endpoints.get(signature);
        if (m == null) {
            return CompletableFuture.completedFuture(CallResult.failure(
                    CallResult.Outcome.BAD_REQUEST,
                    "no @Endpoint method with this signature" + " [actor=" + actorClass.getName() + ", endpoint="
                            + signature + "]"));
        }
        CompletableFuture<CallResult> f = calls.submit(() -> execute(m, signature, encodedArgs));
        if (f == null) {
            return CompletableFuture.completedFuture(CallResult.failure(
                    CallResult.Outcome.OVERLOADED,
                    "replica overloaded [service=" + spec.name() + ", replica=" + replica + "]"));
        }
        return f.exceptionally(t -> CallResult.failure(
                CallResult.Outcome.GONE, "replica is stopping [service=" + spec.name() + ", replica=" + replica + "]"));
    }

    /** Runs one admitted call on the replica's executor. */
    private CallResult execute(Method m, String signature, Object[] encodedArgs) {
        long start = System.nanoTime();
        boolean failed = true;
        ReplicaContext prev = ReplicaContextHolder.bind(context);
        ClassLoader prevLoader = bindLoader();
        try {
            Object[] args = ValueCodec.decodeAll(encodedArgs, actorClass.getClassLoader());
            if (!ActorClasses.fits(m.getParameterTypes(), args)) {
                return CallResult.failure(
                        CallResult.Outcome.BAD_REQUEST,
                        "wrong argument types [endpoint=" + actorClass.getSimpleName() + "::" + signature + ", args="
                                + ActorClasses.describe(args) + "]");
            }
            Object result = m.invoke(actor, args);
            failed = false;
            return CallResult.ok(ValueCodec.encode(result));
        } catch (InvocationTargetException e) {
            return CallResult.thrown(e.getCause());
        } catch (Exception e) {
            return CallResult.thrown(e);
        } finally {
            ReplicaContextHolder.restore(prev);
            Thread.currentThread().setContextClassLoader(prevLoader);
            stats.record(System.nanoTime() - start, failed);
        }
    }

    /**
     * Makes the actor's class loader (a job jar's, for submitted jobs) the calling thread's context loader, as a
     * driver's is, and returns the previous one: libraries that find resources through it (DJL reads its native
     * library properties so) then see the job's jar. Threads the actor starts inherit it.
     */
    private ClassLoader bindLoader() {
        Thread t = Thread.currentThread();
        ClassLoader prev = t.getContextClassLoader();
        t.setContextClassLoader(actorClass.getClassLoader());
        return prev;
    }

    @Override
    public double meanLatencyMs() {
        return stats.meanLatencyMs();
    }

    @Override
    public ProbeReport probe(long timeoutMs) {
        int running = calls.running();
        int waiting = calls.waiting();
        if (checkHealth == null || actor == null) {
            return new ProbeReport(name, actor != null && !stopping, null, stats.snapshot(running, waiting));
        }
        Future<Boolean> f = PROBES.submit(() -> {
            ReplicaContext prev = ReplicaContextHolder.bind(context);
            ClassLoader prevLoader = bindLoader();
            try {
                return (Boolean) checkHealth.invoke(actor);
            } finally {
                ReplicaContextHolder.restore(prev);
                Thread.currentThread().setContextClassLoader(prevLoader);
            }
        });
        String error = null;
        boolean healthy;
        try {
            healthy = f.get(timeoutMs, TimeUnit.MILLISECONDS);
            if (!healthy) {
                error = "checkHealth() returned false";
            }
        } catch (TimeoutException e) {
            f.cancel(true);
            healthy = false;
            error = "checkHealth() took longer than " + timeoutMs + " ms";
        } catch (Exception e) {
            healthy = false;
            Throwable c = e.getCause() instanceof InvocationTargetException ite ? ite.getCause() : e.getCause();
            error = "checkHealth() threw " + (c == null ? e : c);
        }
        return new ProbeReport(name, healthy, error, stats.snapshot(running, waiting));
    }

    private static Exception asException(Throwable t) {
        return t instanceof Exception e ? e : new RuntimeException(t);
    }
}
