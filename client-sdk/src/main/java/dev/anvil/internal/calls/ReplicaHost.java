package dev.anvil.internal.calls;

import dev.anvil.internal.codec.EndpointMethod;
import dev.anvil.internal.codec.ValueCodec;

/**
 * The local face of one replica rank on its worker: what the call, fanout and probe tasks talk to after finding the
 * rank's Ignite service on their node. Implemented by the worker's generic replica service.
 */
public interface ReplicaHost {
    /**
     * Calls an endpoint on the actor, admitting it through the replica's concurrency limit and bounded queue.
     *
     * @param signature the endpoint's {@link EndpointMethod#signature(java.lang.reflect.Method) signature}
     * @param encodedArgs the arguments, encoded by {@link ValueCodec}
     */
    CallResult invoke(String signature, Object[] encodedArgs);

    /** Mean execution time of this replica's calls so far, milliseconds (0 before the first). */
    double meanLatencyMs();

    /** Runs the actor's {@code checkHealth()} (when it has one) within {@code timeoutMs} and reports the load. */
    ProbeReport probe(long timeoutMs);
}
