package dev.anvil.sdk;

import java.util.concurrent.CompletableFuture;

/**
 * A single actor (one replica, no routing choice), called through {@code endpoint(...).callOne()}.
 *
 * <pre>{@code
 * ActorHandle<Counter> c = anvil.options(Counter.class).asActor(0);
 * int v = c.endpoint(Counter::increment).callOne().join();
 * }</pre>
 *
 * @param <A> the actor class
 */
public interface ActorHandle<A> extends EndpointSource<A> {

    /** The actor's cluster-wide name. */
    String name();

    /** The actor's replica as the replica table sees it now. */
    ReplicaInfo info();

    /** Stops the actor, draining in-flight calls up to the grace period; see {@link ServiceHandle#shutdown()}. */
    CompletableFuture<Void> shutdown();
}
