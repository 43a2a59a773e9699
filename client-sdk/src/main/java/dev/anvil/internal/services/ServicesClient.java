package dev.anvil.internal.services;

import dev.anvil.internal.code.CodeShipper;
import dev.anvil.internal.codec.ActorClasses;
import dev.anvil.internal.codec.ValueCodec;
import dev.anvil.internal.control.HeadClient;
import dev.anvil.internal.control.HeadTask;
import dev.anvil.internal.jobs.JobContext;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.internal.routing.CallDispatcher;
import dev.anvil.internal.routing.ReplicaTable;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.ServiceOptions;
import dev.anvil.sdk.ServiceSpawner;
import java.util.concurrent.CompletableFuture;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/**
 * The service layer of one process: spawns services through the head, and calls them through its own replica table
 * and dispatcher. Created lazily by {@code ClusterAnvil.options()}, closed with it.
 */
public final class ServicesClient implements ServiceSpawner, AutoCloseable {
    private final Ignite ignite;
    private volatile ReplicaTable table;
    private final CallDispatcher dispatcher;
    private final HeadClient head;
    private volatile IgniteCache<String, Integer> sessions;
    private final CodeShipper shipper;

    /** Creates the service layer of {@code ignite}'s process. */
    public ServicesClient(Ignite ignite) {
        this(ignite, null);
    }

    /**
     * Creates the service layer of {@code ignite}'s process.
     *
     * @param shipper ships the code of deployed actor classes (an outside driver), or {@code null} when the workers
     *     have it already (embedded clusters, jobs, replicas)
     */
    public ServicesClient(Ignite ignite, CodeShipper shipper) {
        this.ignite = ignite;
        this.shipper = shipper;
        this.dispatcher = new CallDispatcher(ignite);
        this.head = new HeadClient(ignite);
    }

    @Override
    public <A> CompletableFuture<ServiceHandle<A>> spawnService(ServiceOptions<A> options, Object[] args) {
        return deploy(options, args, false)
                .thenApply(spec -> new ServiceHandleImpl<>(this, spec, options.actorClass()));
    }

    @Override
    public <A> CompletableFuture<ActorHandle<A>> spawnActor(ServiceOptions<A> options, Object[] args) {
        return deploy(options, args, true)
                .thenApply(spec -> new ActorHandleImpl<>(new ServiceHandleImpl<>(this, spec, options.actorClass())));
    }

    private CompletableFuture<ServiceSpec> deploy(ServiceOptions<?> options, Object[] args, boolean actor) {
        ServiceSpec spec;
        try {
            ActorClasses.constructorFor(options.actorClass(), args);
            // Inside a submitted job the actor class comes from the job's jar: workers load it by job id. An outside
            // driver ships the code of its actor class; workers load it in a class loader of this client.
            String jobId = JobContext.currentJobId();
            spec = shipper != null && jobId == null
                    ? ServiceSpec.of(options, actor, ValueCodec.encodeAll(args), shipper.codeFor(options.actorClass()))
                    : ServiceSpec.of(options, actor, ValueCodec.encodeAll(args), jobId);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        table();
        return head.ask(HeadTask.deploy(spec)).thenApply(reply -> {
            table().applyAll(reply.records());
            return spec;
        });
    }

    /** Asks the head to shut {@code service} down. */
    CompletableFuture<Void> shutdown(String service) {
        return head.ask(HeadTask.shutdown(service)).thenRun(() -> table().forget(service));
    }

    /** This process's replica table, started on first use. */
    ReplicaTable table() {
        ReplicaTable t = table;
        if (t == null) {
            synchronized (this) {
                if (table == null) {
                    table = new ReplicaTable(ignite);
                }
                t = table;
            }
        }
        return t;
    }

    /** The session pinning cache. */
    IgniteCache<String, Integer> sessions() {
        IgniteCache<String, Integer> s = sessions;
        if (s == null) {
            s = ServiceCaches.sessions(ignite);
            sessions = s;
        }
        return s;
    }

    CallDispatcher dispatcher() {
        return dispatcher;
    }

    @Override
    public synchronized void close() {
        if (table != null) {
            try {
                table.close();
            } catch (RuntimeException e) {
                // The node may already be stopping; its continuous query goes with it.
            }
            table = null;
        }
    }
}
