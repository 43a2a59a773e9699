package dev.anvil.sdk;

/** A replica refused a call: its concurrent calls and its queue were both full. */
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

    /** The service of the full replica. */
    public String service() {
        return service;
    }

    /** The full replica. */
    public int replica() {
        return replica;
    }
}
