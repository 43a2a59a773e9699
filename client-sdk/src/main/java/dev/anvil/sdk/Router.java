package dev.anvil.sdk;

/** How {@code route()} picks a replica among the healthy ones of a service. */
public enum Router {
    /** Each healthy replica in turn (the default). */
    ROUND_ROBIN,
    /** The replica with the fewest calls in flight from this caller. */
    LEAST_LOADED,
    /** Two replicas at random, the one with the shorter queue (power of two choices). */
    POWER_OF_TWO
}
