package dev.anvil.internal.registry;

import dev.anvil.internal.code.ClientCode;
import dev.anvil.internal.codec.ValueCodec;
import dev.anvil.sdk.Autoscale;
import dev.anvil.sdk.Router;
import dev.anvil.sdk.ServiceOptions;

/**
 * Everything the cluster keeps about one service: its options, actor class and encoded constructor arguments. Kept in
 * the {@code anvil-services} cache so a restarted head can resume. A plain class, not a record: Ignite 2.17's binary
 * marshaller cannot write records.
 */
public final class ServiceSpec implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private final String actorClass;
    private final String jobId;
    private final ClientCode clientCode;
    private final Object[] ctorArgs;
    private final boolean actor;
    private final int procs;
    private final int numReplicas;
    private final boolean withGpus;
    private final int gpusPerProc;
    private final int hosts;
    private final Router router;
    private final int maxConcurrentRequests;
    private final int maxQueue;
    private final long callTimeoutMs;
    private final int maxRetries;
    private final long healthCheckPeriodMs;
    private final long healthCheckTimeoutMs;
    private final int maxRestarts;
    private final long restartBackoffMs;
    private final long shutdownGraceMs;
    private final int breakerFailures;
    private final long breakerCooldownMs;
    private final boolean countEndpointErrors;
    /** 0 when the service has a fixed number of replicas. */
    private final int autoscaleMin;

    private final int autoscaleMax;
    private final double targetOngoingRequests;
    private final long upscaleDelayMs;
    private final long downscaleDelayMs;

    private ServiceSpec(ServiceOptions<?> o, boolean actor, Object[] ctorArgs, String jobId, ClientCode clientCode) {
        this.name = o.name();
        this.actorClass = o.actorClass().getName();
        this.jobId = jobId;
        this.clientCode = clientCode;
        this.ctorArgs = ctorArgs;
        this.actor = actor;
        this.procs = o.procs();
        this.numReplicas = o.numReplicas();
        this.withGpus = o.withGpus();
        this.gpusPerProc = o.gpusPerProc();
        this.hosts = o.hosts();
        this.router = o.router();
        this.maxConcurrentRequests = o.maxConcurrentRequests();
        this.maxQueue = o.maxQueue();
        this.callTimeoutMs = o.callTimeout().toMillis();
        this.maxRetries = o.maxRetries();
        this.healthCheckPeriodMs = o.healthCheckPeriod().toMillis();
        this.healthCheckTimeoutMs = o.healthCheckTimeout().toMillis();
        this.maxRestarts = o.maxRestarts();
        this.restartBackoffMs = o.restartBackoff().toMillis();
        this.shutdownGraceMs = o.shutdownGrace().toMillis();
        this.breakerFailures = o.breakerFailures();
        this.breakerCooldownMs = o.breakerCooldown().toMillis();
        this.countEndpointErrors = o.countEndpointErrors();
        Autoscale a = actor ? null : o.autoscale();
        this.autoscaleMin = a == null ? 0 : a.min();
        this.autoscaleMax = a == null ? 0 : a.max();
        this.targetOngoingRequests = a == null ? 0 : a.targetOngoingRequests();
        this.upscaleDelayMs = a == null ? 0 : a.upscaleDelay().toMillis();
        this.downscaleDelayMs = a == null ? 0 : a.downscaleDelay().toMillis();
    }

    /** The spec of {@code options}; {@code ctorArgs} are already encoded by {@link ValueCodec}. */
    public static ServiceSpec of(ServiceOptions<?> options, boolean actor, Object[] ctorArgs, String jobId) {
        return new ServiceSpec(options, actor, ctorArgs, jobId, null);
    }

    /** As {@link #of(ServiceOptions, boolean, Object[], String)}, for an outside client that shipped its code. */
    public static ServiceSpec of(ServiceOptions<?> options, boolean actor, Object[] ctorArgs, ClientCode clientCode) {
        return new ServiceSpec(options, actor, ctorArgs, null, clientCode);
    }

    public String name() {
        return name;
    }

    public String actorClass() {
        return actorClass;
    }
    /** The submitted job whose class loader has the actor class, or {@code null} for the node's own classpath. */
    public String jobId() {
        return jobId;
    }

    /** The code an outside client shipped for this service, or {@code null} (classpath or job jar). */
    public ClientCode clientCode() {
        return clientCode;
    }

    public Object[] ctorArgs() {
        return ctorArgs.clone();
    }

    public boolean actor() {
        return actor;
    }

    public int procs() {
        return procs;
    }

    public int numReplicas() {
        return numReplicas;
    }

    public boolean withGpus() {
        return withGpus;
    }

    public int gpusPerProc() {
        return gpusPerProc;
    }

    public int hosts() {
        return hosts;
    }

    public Router router() {
        return router;
    }

    public int maxConcurrentRequests() {
        return maxConcurrentRequests;
    }

    public int maxQueue() {
        return maxQueue;
    }

    public long callTimeoutMs() {
        return callTimeoutMs;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public long healthCheckPeriodMs() {
        return healthCheckPeriodMs;
    }

    public long healthCheckTimeoutMs() {
        return healthCheckTimeoutMs;
    }

    public int maxRestarts() {
        return maxRestarts;
    }

    public long restartBackoffMs() {
        return restartBackoffMs;
    }

    public long shutdownGraceMs() {
        return shutdownGraceMs;
    }

    public int breakerFailures() {
        return breakerFailures;
    }

    public long breakerCooldownMs() {
        return breakerCooldownMs;
    }

    /** Whether an endpoint exception counts as a circuit breaker failure. */
    public boolean countEndpointErrors() {
        return countEndpointErrors;
    }

    /** Whether the head scales the replicas with the load. */
    public boolean autoscaled() {
        return autoscaleMax > 0;
    }

    /** The fewest replicas of an autoscaled service; {@link #numReplicas()} otherwise. */
    public int minReplicas() {
        return autoscaled() ? autoscaleMin : numReplicas;
    }

    /** The most replicas the service may have: the autoscale maximum, or {@link #numReplicas()}. */
    public int maxReplicas() {
        return autoscaled() ? autoscaleMax : numReplicas;
    }

    /** Autoscale target of ongoing plus queued calls per replica (0 without autoscale). */
    public double targetOngoingRequests() {
        return targetOngoingRequests;
    }

    public long upscaleDelayMs() {
        return upscaleDelayMs;
    }

    public long downscaleDelayMs() {
        return downscaleDelayMs;
    }

    /** GPUs one replica needs. */
    public int gpusPerReplica() {
        return withGpus ? procs * gpusPerProc : 0;
    }
}
