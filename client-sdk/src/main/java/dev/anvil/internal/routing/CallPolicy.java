package dev.anvil.internal.routing;

import dev.anvil.internal.registry.ServiceSpec;

/**
 * How this caller calls one service: its chooser, retries, timeout and breaker settings, and the class loader its
 * results are decoded with.
 *
 * @param service the service name
 * @param chooser the service's router, one per caller
 * @param maxRetries other replicas tried after a replica died under a call
 * @param timeoutMs the call timeout
 * @param breakerFailures failed calls in a row that open a replica's breaker
 * @param breakerCooldownNanos how long an open breaker keeps its replica out of routing
 * @param maxConcurrentRequests calls a replica runs at once
 * @param maxQueue calls a replica lets wait; with {@code maxConcurrentRequests}, what "room" means
 * @param countEndpointErrors whether an endpoint exception counts as a breaker failure
 * @param loader class loader of the actor class, for results
 */
public record CallPolicy(
        String service,
        ReplicaChooser chooser,
        int maxRetries,
        long timeoutMs,
        int breakerFailures,
        long breakerCooldownNanos,
        int maxConcurrentRequests,
        int maxQueue,
        boolean countEndpointErrors,
        ClassLoader loader) {

    /** The policy of {@code spec}, loading result classes with {@code loader}. */
    public static CallPolicy of(ServiceSpec spec, ClassLoader loader) {
        return new CallPolicy(
                spec.name(),
                ReplicaChooser.of(spec.router()),
                spec.maxRetries(),
                spec.callTimeoutMs(),
                spec.breakerFailures(),
                spec.breakerCooldownMs() * 1_000_000L,
                spec.maxConcurrentRequests(),
                spec.maxQueue(),
                spec.countEndpointErrors(),
                loader);
    }
}
