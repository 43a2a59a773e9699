package dev.anvil.internal.calls;

import dev.anvil.internal.codec.EndpointMethod;
import dev.anvil.internal.codec.ValueCodec;
import java.util.concurrent.CompletableFuture;

/**
 * The local face of one replica rank on its worker: what the call, fanout and probe tasks talk to after finding the
 * rank by name on their node ({@link LocalReplicas}). Implemented by the worker's {@code RankHost}.
 */
public interface ReplicaHost {
    /**
     * Queues a call of an endpoint on the actor behind the replica's concurrency limit (one call at a time by default)
     * and bounded queue, without blocking the calling thread.
     *
     * @param signature the endpoint's {@link EndpointMethod#signature(java.lang.reflect.Method) signature}
     * @param encodedArgs the arguments, encoded by {@link ValueCodec}
     * @return the result once the call ran; at once an {@code OVERLOADED} result when the replica is full
     */
    CompletableFuture<CallResult> invokeAsync(String signature, Object[] encodedArgs);

    /** Mean execution time of this replica's calls so far, milliseconds (0 before the first). */
    double meanLatencyMs();

    /** Runs the actor's {@code checkHealth()} (when it has one) within {@code timeoutMs} and reports the load. */
    ProbeReport probe(long timeoutMs);
}
