package dev.anvil.sdk;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An endpoint bound to its arguments, sent with one of the adverbs.
 *
 * <pre>{@code
 * int v = counter.endpoint(Counter::increment).route().join();         // one healthy replica
 * List<Integer> all = counter.endpoint(Counter::getValue).fanout().join(); // every healthy replica
 * }</pre>
 *
 * @param <R> the endpoint's result type ({@link Void} for void endpoints)
 */
public interface EndpointCall<R> {

    /**
     * Sends the call to one healthy replica chosen by the service's router; a call whose replica died is retried on
     * another one (bounded by {@code maxRetries}).
     *
     * @return the result, or a failure: {@link RemoteEndpointException} when the endpoint threw,
     *     {@link OverloadedException}, {@link CallTimeoutException}, {@link NoHealthyReplicaException}
     */
    CompletableFuture<R> route();

    /**
     * Sends the call to every healthy replica.
     *
     * @return the results in replica order, or a {@link FanoutException} naming the replicas that failed and keeping
     *     the results of the others
     */
    CompletableFuture<List<R>> fanout();

    /**
     * Sends the call to the one actor of an {@link ActorHandle}.
     *
     * @throws IllegalStateException on a service or a session, which have several replicas to choose from
     */
    CompletableFuture<R> callOne();
}
