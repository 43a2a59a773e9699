package dev.anvil.sdk;

/**
 * A call found no room: {@code route()} fails with it only when every replica stayed full (running calls and queue)
 * until the call timeout; a replica that is full sends a call on to another one with room first.
 */
public class OverloadedException extends AnvilException {
    private static final long serialVersionUID = 1L;
    private final String service;
    private final int replica;

    /** Creates the exception for a full replica. */
    public OverloadedException(String service, int replica, int maxConcurrentRequests, int maxQueue) {
        super("replica overloaded: " + maxConcurrentRequests + " calls running and " + maxQueue + " queued [service="
                + service + ", replica=" + replica + ", maxConcurrentRequests=" + maxConcurrentRequests + ", maxQueue="
                + maxQueue + "]");
        this.service = service;
        this.replica = replica;
    }

    /** For {@link #everyReplicaFull}. */
    private OverloadedException(String message, String service) {
        super(message);
        this.service = service;
        this.replica = -1;
    }

    /**
     * Every replica of a service stayed full (its running calls and its queue) for the whole call timeout, so the call
     * was never sent.
     */
    public static OverloadedException everyReplicaFull(
            String service, int replicas, int maxConcurrentRequests, int maxQueue, long timeoutMs) {
        return new OverloadedException(
                "every replica stayed full for the call timeout: " + maxConcurrentRequests + " calls running and "
                        + maxQueue + " queued on each [service=" + service + ", replicas=" + replicas
                        + ", maxConcurrentRequests=" + maxConcurrentRequests + ", maxQueue=" + maxQueue
                        + ", callTimeoutMs=" + timeoutMs + "]",
                service);
    }

    /** The service of the full replica. */
    public String service() {
        return service;
    }

    /** The full replica, or -1 when every replica was full. */
    public int replica() {
        return replica;
    }
}
