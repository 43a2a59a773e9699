package dev.anvil.sdk;

/** Life-cycle state of a replica, as {@code anvil status} and {@link ServiceHandle#replicas()} show it. */
public enum ReplicaState {
    /** Being placed and constructed; takes no traffic yet. */
    STARTING,
    /** Takes traffic. */
    HEALTHY,
    /** Its queue is full; still routable, calls past the queue are refused with {@link OverloadedException}. */
    OVERLOADED,
    /** Its node left or it failed a health probe; out of routing while it restarts. */
    RECOVERING,
    /** It used up its restarts, or no worker fits it; out of routing for good. */
    FAILED,
    /** Shut down. */
    STOPPED;

    /** Whether callers may send calls to a replica in this state. */
    public boolean routable() {
        return this == HEALTHY || this == OVERLOADED;
    }
}
