package dev.anvil.sdk;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A running service: replicas of one actor class, called through {@code endpoint(...).route()} and
 * {@code endpoint(...).fanout()}.
 *
 * <pre>{@code
 * ServiceHandle<Counter> counter = anvil.options(Counter.class).numReplicas(4).asService(0);
 * counter.endpoint(Counter::increment).route().join();
 * try (Session<Counter> s = counter.session()) { s.endpoint(Counter::increment).route().join(); }
 * counter.shutdown().join();
 * }</pre>
 *
 * @param <A> the actor class
 */
public interface ServiceHandle<A> extends EndpointSource<A> {

    /** The service's cluster-wide name. */
    String name();

    /** Opens a new sticky session with a random id: all its calls reach one replica while that replica lives. */
    Session<A> session();

    /** Opens or resumes the sticky session {@code id}, from any process of the cluster. */
    Session<A> session(String id);

    /**
     * Live sticky sessions of the service, cluster-wide: opened (by any process) and not yet closed. A session whose
     * replica was removed or failed is still live: its next call moves it to another replica. A session counts once
     * its first call has pinned it to a replica; the pinning is recorded without holding up that call, so it shows
     * here moments later.
     */
    int sessions();

    /** The replicas as the replica table sees them now, in index order. */
    List<ReplicaInfo> replicas();

    /**
     * Stops the service: no new calls, in-flight calls drain up to the grace period, then the replicas are removed and
     * their GPUs freed. Calls made after it fail with {@link ServiceStoppedException}.
     */
    CompletableFuture<Void> shutdown();
}
