package dev.anvil.sdk;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;

/**
 * How to spawn an actor class as a service or an actor. Immutable: every setter returns a new, validated copy, so a
 * bad value fails at the setter that sets it.
 *
 * <pre>{@code
 * ServiceHandle<Counter> counter = anvil.options(Counter.class)
 *         .procs(1).numReplicas(4).withGpus(false).hosts(1)
 *         .router(Router.LEAST_LOADED)
 *         .asService(0);
 * }</pre>
 *
 * <p>One options object may deploy several services: without {@link #name(String)}, every {@code asService()} /
 * {@code asActor()} generates a fresh name.
 *
 * @param <A> the actor class
 */
public final class ServiceOptions<A> {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    private final ServiceSpawner spawner;
    private final Class<A> actorClass;
    /** The name set with {@link #name(String)}, or {@code null}: then each deployment generates one. */
    private String name;

    private int procs = 1;
    private int numReplicas = 1;
    private boolean numReplicasSet;
    private Autoscale autoscale;
    private boolean withGpus;
    private int gpusPerProc = 1;
    private int hosts = 1;
    private Router router = Router.ROUND_ROBIN;
    private int maxConcurrentRequests = 1;
    private int maxQueue = 100;
    private Duration callTimeout = Duration.ofSeconds(60);
    private int maxRetries = 3;
    private Duration healthCheckPeriod = Duration.ofSeconds(1);
    private Duration healthCheckTimeout = Duration.ofSeconds(1);
    private int maxRestarts = 5;
    private Duration restartBackoff = Duration.ofMillis(100);
    private Duration shutdownGrace = Duration.ofSeconds(10);
    private int breakerFailures = 5;
    private Duration breakerCooldown = Duration.ofSeconds(5);
    private boolean countEndpointErrors;

    /** For {@code Anvil.options(Class)} implementations; users call {@code anvil.options(MyActor.class)}. */
    public ServiceOptions(ServiceSpawner spawner, Class<A> actorClass) {
        this.spawner = Objects.requireNonNull(spawner, "spawner");
        this.actorClass = Objects.requireNonNull(actorClass, "actorClass");
    }

    private ServiceOptions<A> copy() {
        ServiceOptions<A> c = new ServiceOptions<>(spawner, actorClass);
        c.name = name;
        c.procs = procs;
        c.numReplicas = numReplicas;
        c.numReplicasSet = numReplicasSet;
        c.autoscale = autoscale;
        c.withGpus = withGpus;
        c.gpusPerProc = gpusPerProc;
        c.hosts = hosts;
        c.router = router;
        c.maxConcurrentRequests = maxConcurrentRequests;
        c.maxQueue = maxQueue;
        c.callTimeout = callTimeout;
        c.maxRetries = maxRetries;
        c.healthCheckPeriod = healthCheckPeriod;
        c.healthCheckTimeout = healthCheckTimeout;
        c.maxRestarts = maxRestarts;
        c.restartBackoff = restartBackoff;
        c.shutdownGrace = shutdownGrace;
        c.breakerFailures = breakerFailures;
        c.breakerCooldown = breakerCooldown;
        c.countEndpointErrors = countEndpointErrors;
        return c;
    }

    private static void check(boolean ok, String what, String key, Object value) {
        if (!ok) {
            throw new IllegalArgumentException(what + " [" + key + "=" + value + "]");
        }
    }

    private static Duration positive(Duration d, String key) {
        check(d != null && !d.isNegative() && !d.isZero(), key + " must be a positive duration", key, d);
        return d;
    }

    /** The service's cluster-wide name (letters, digits, {@code . _ -}); default: the class name plus a suffix. */
    public ServiceOptions<A> name(String name) {
        check(
                name != null && NAME.matcher(name).matches(),
                "name must be 1-100 letters, digits, '.', '_' or '-', starting with a letter or digit",
                "name",
                name);
        ServiceOptions<A> c = copy();
        c.name = name;
        return c;
    }

    /** Actor instances (ranks) per replica; rank 0 answers calls. Default 1. */
    public ServiceOptions<A> procs(int procs) {
        check(procs >= 1, "procs must be >= 1", "procs", procs);
        ServiceOptions<A> c = copy();
        c.procs = procs;
        return c;
    }

    /** Replicas of the service, a fixed number. Default 1. Not together with {@link #autoscale(Autoscale)}. */
    public ServiceOptions<A> numReplicas(int numReplicas) {
        check(numReplicas >= 1, "numReplicas must be >= 1", "numReplicas", numReplicas);
        check(
                autoscale == null,
                "numReplicas and autoscale exclude each other: an autoscaled service has between min and max",
                "numReplicas",
                numReplicas);
        ServiceOptions<A> c = copy();
        c.numReplicas = numReplicas;
        c.numReplicasSet = true;
        return c;
    }

    /**
     * Lets the head scale the number of replicas with the load, within {@code [min, max]}; the service starts with
     * {@code min}. Not together with {@link #numReplicas(int)}. See {@link Autoscale}.
     */
    public ServiceOptions<A> autoscale(Autoscale autoscale) {
        check(autoscale != null, "autoscale must not be null", "autoscale", null);
        check(
                !numReplicasSet,
                "numReplicas and autoscale exclude each other: an autoscaled service has between min and max",
                "numReplicas",
                numReplicas);
        ServiceOptions<A> c = copy();
        c.autoscale = autoscale;
        c.numReplicas = autoscale.min();
        return c;
    }

    /** Whether each rank gets GPUs of its own ({@link #gpusPerProc(int)} of them, default 1). Default false. */
    public ServiceOptions<A> withGpus(boolean withGpus) {
        ServiceOptions<A> c = copy();
        c.withGpus = withGpus;
        return c;
    }

    /** GPUs each rank gets when {@link #withGpus(boolean)} is on. Default 1. */
    public ServiceOptions<A> gpusPerProc(int gpus) {
        check(gpus >= 1, "gpusPerProc must be >= 1", "gpusPerProc", gpus);
        ServiceOptions<A> c = copy();
        c.gpusPerProc = gpus;
        return c;
    }

    /** Distinct worker nodes one replica's ranks are spread over (at most {@code procs}). Default 1. */
    public ServiceOptions<A> hosts(int hosts) {
        check(hosts >= 1, "hosts must be >= 1", "hosts", hosts);
        ServiceOptions<A> c = copy();
        c.hosts = hosts;
        return c;
    }

    /** How {@code route()} picks a replica. Default {@link Router#ROUND_ROBIN}. */
    public ServiceOptions<A> router(Router router) {
        check(router != null, "router must not be null", "router", null);
        ServiceOptions<A> c = copy();
        c.router = router;
        return c;
    }

    /**
     * Calls one actor instance executes at once. Default 1: an actor runs one call at a time, as a Ray Java actor or a
     * TorchForge actor does, so plain fields need no locks; further calls wait in the replica's queue
     * ({@link #maxQueue(int)}).
     *
     * <p><b>With {@code max > 1} the actor must be thread-safe</b>: up to {@code max} endpoint calls (on different
     * threads) run on the same instance at once.
     */
    public ServiceOptions<A> maxConcurrentRequests(int max) {
        check(max >= 1, "maxConcurrentRequests must be >= 1", "maxConcurrentRequests", max);
        ServiceOptions<A> c = copy();
        c.maxConcurrentRequests = max;
        return c;
    }

    /**
     * Calls one replica lets wait beyond those executing. A call that finds its replica full goes to another replica
     * with room; when every replica stays full until its {@link #callTimeout(Duration)}, it fails with
     * {@link OverloadedException}. Default 100.
     */
    public ServiceOptions<A> maxQueue(int max) {
        check(max >= 0, "maxQueue must be >= 0", "maxQueue", max);
        ServiceOptions<A> c = copy();
        c.maxQueue = max;
        return c;
    }

    /** Time a call may take before it fails with {@link CallTimeoutException}. Default 60 s. */
    public ServiceOptions<A> callTimeout(Duration timeout) {
        ServiceOptions<A> c = copy();
        c.callTimeout = positive(timeout, "callTimeout");
        return c;
    }

    /** Other replicas {@code route()} tries when a call's replica died. Default 3. */
    public ServiceOptions<A> maxRetries(int retries) {
        check(retries >= 0, "maxRetries must be >= 0", "maxRetries", retries);
        ServiceOptions<A> c = copy();
        c.maxRetries = retries;
        return c;
    }

    /** Period of the active health probe. Default 1 s. */
    public ServiceOptions<A> healthCheckPeriod(Duration period) {
        ServiceOptions<A> c = copy();
        c.healthCheckPeriod = positive(period, "healthCheckPeriod");
        return c;
    }

    /** Time a probe (and {@code checkHealth()}) may take before the replica counts as failed. Default 1 s. */
    public ServiceOptions<A> healthCheckTimeout(Duration timeout) {
        ServiceOptions<A> c = copy();
        c.healthCheckTimeout = positive(timeout, "healthCheckTimeout");
        return c;
    }

    /** Restarts of one replica after failures before it stays {@link ReplicaState#FAILED}. Default 5. */
    public ServiceOptions<A> maxRestarts(int restarts) {
        check(restarts >= 0, "maxRestarts must be >= 0", "maxRestarts", restarts);
        ServiceOptions<A> c = copy();
        c.maxRestarts = restarts;
        return c;
    }

    /** Wait before the first restart of a replica; doubles with each further restart. Default 100 ms. */
    public ServiceOptions<A> restartBackoff(Duration backoff) {
        check(backoff != null && !backoff.isNegative(), "restartBackoff must be >= 0", "restartBackoff", backoff);
        ServiceOptions<A> c = copy();
        c.restartBackoff = backoff;
        return c;
    }

    /** Time {@code shutdown()} lets in-flight calls finish. Default 10 s. */
    public ServiceOptions<A> shutdownGrace(Duration grace) {
        check(grace != null && !grace.isNegative(), "shutdownGrace must be >= 0", "shutdownGrace", grace);
        ServiceOptions<A> c = copy();
        c.shutdownGrace = grace;
        return c;
    }

    /**
     * Circuit breaker: after {@code failures} failed calls in a row a replica is skipped for {@code cooldown}, then one
     * trial call goes through. Failures are calls that timed out and calls whose replica was lost; an exception thrown
     * by the endpoint counts only with {@link #countEndpointErrors(boolean)}. Default 5 failures, 5 s.
     */
    public ServiceOptions<A> circuitBreaker(int failures, Duration cooldown) {
        check(failures >= 1, "circuit breaker failures must be >= 1", "failures", failures);
        ServiceOptions<A> c = copy();
        c.breakerFailures = failures;
        c.breakerCooldown = positive(cooldown, "cooldown");
        return c;
    }

    /**
     * Whether an exception thrown by an endpoint counts as a failure for the circuit breaker, so a replica whose
     * endpoint keeps throwing leaves routing for the cool-down. Default false: an endpoint exception is usually about
     * the call's input, not the replica.
     */
    public ServiceOptions<A> countEndpointErrors(boolean count) {
        ServiceOptions<A> c = copy();
        c.countEndpointErrors = count;
        return c;
    }

    /** Deploys the service with constructor arguments {@code args}; blocks until every replica is healthy. */
    public ServiceHandle<A> asService(Object... args) {
        return join(asServiceAsync(args));
    }

    /** Deploys the service without blocking; the future fails with what failed, and nothing is left deployed. */
    public CompletableFuture<ServiceHandle<A>> asServiceAsync(Object... args) {
        validate();
        return spawner.spawnService(this, args == null ? new Object[] {null} : args);
    }

    /** Deploys one actor (one replica, whatever {@link #numReplicas(int)} says); blocks until it is healthy. */
    public ActorHandle<A> asActor(Object... args) {
        return join(asActorAsync(args));
    }

    /** Deploys one actor without blocking. */
    public CompletableFuture<ActorHandle<A>> asActorAsync(Object... args) {
        validate();
        check(autoscale == null, "an actor is one replica; autoscale is for services", "autoscale", autoscale);
        ServiceOptions<A> one = copy();
        one.numReplicas = 1;
        return spawner.spawnActor(one, args == null ? new Object[] {null} : args);
    }

    private void validate() {
        check(hosts <= procs, "hosts must be <= procs: a replica spans at most one worker per rank", "hosts", hosts);
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** The actor class. */
    public Class<A> actorClass() {
        return actorClass;
    }

    /**
     * The service name: the one set with {@link #name(String)}, else a fresh generated one on every call (the class
     * name plus a random suffix), so each deployment of these options gets a name of its own.
     */
    public String name() {
        if (name != null) {
            return name;
        }
        return actorClass.getSimpleName().toLowerCase() + "-"
                + Long.toHexString(
                        java.util.concurrent.ThreadLocalRandom.current().nextLong() & 0xffffffffffL);
    }

    /** See {@link #autoscale(Autoscale)}; {@code null} for a fixed number of replicas. */
    public Autoscale autoscale() {
        return autoscale;
    }

    /** See {@link #countEndpointErrors(boolean)}. */
    public boolean countEndpointErrors() {
        return countEndpointErrors;
    }

    /** See {@link #procs(int)}. */
    public int procs() {
        return procs;
    }

    /** See {@link #numReplicas(int)}. */
    public int numReplicas() {
        return numReplicas;
    }

    /** See {@link #withGpus(boolean)}. */
    public boolean withGpus() {
        return withGpus;
    }

    /** See {@link #gpusPerProc(int)}. */
    public int gpusPerProc() {
        return gpusPerProc;
    }

    /** See {@link #hosts(int)}. */
    public int hosts() {
        return hosts;
    }

    /** See {@link #router(Router)}. */
    public Router router() {
        return router;
    }

    /** See {@link #maxConcurrentRequests(int)}. */
    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    /** See {@link #maxQueue(int)}. */
    public int maxQueue() {
        return maxQueue;
    }

    /** See {@link #callTimeout(Duration)}. */
    public Duration callTimeout() {
        return callTimeout;
    }

    /** See {@link #maxRetries(int)}. */
    public int maxRetries() {
        return maxRetries;
    }

    /** See {@link #healthCheckPeriod(Duration)}. */
    public Duration healthCheckPeriod() {
        return healthCheckPeriod;
    }

    /** See {@link #healthCheckTimeout(Duration)}. */
    public Duration healthCheckTimeout() {
        return healthCheckTimeout;
    }

    /** See {@link #maxRestarts(int)}. */
    public int maxRestarts() {
        return maxRestarts;
    }

    /** See {@link #restartBackoff(Duration)}. */
    public Duration restartBackoff() {
        return restartBackoff;
    }

    /** See {@link #shutdownGrace(Duration)}. */
    public Duration shutdownGrace() {
        return shutdownGrace;
    }

    /** See {@link #circuitBreaker(int, Duration)}. */
    public int breakerFailures() {
        return breakerFailures;
    }

    /** See {@link #circuitBreaker(int, Duration)}. */
    public Duration breakerCooldown() {
        return breakerCooldown;
    }
}
