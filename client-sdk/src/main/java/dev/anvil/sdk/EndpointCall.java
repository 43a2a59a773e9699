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
     * <p>The call goes to a replica with room before it queues behind a busy one; a replica that refuses it as full
     * sends it on to another. Only when every replica stays full until the call timeout does it fail with
     * {@link OverloadedException}.
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
     * Sends the call to every healthy replica and yields each replica's result as it completes, fastest first: the
     * first results are usable while slow replicas still work. A replica that fails yields its error; the others
     * still arrive. Each result arrives within the call timeout.
     *
     * @return the stream, one {@link ReplicaResult} per replica called; close it to stop waiting
     * @throws ServiceStoppedException when the service is stopped
     */
    CompletionStream<R> fanoutStream();

    /**
     * Sends the call to the one actor of an {@link ActorHandle}.
     *
     * @throws IllegalStateException on a service or a session, which have several replicas to choose from
     */
    CompletableFuture<R> callOne();
}
