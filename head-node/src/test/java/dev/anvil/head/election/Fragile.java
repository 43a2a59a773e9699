package dev.anvil.head.election;

import dev.anvil.sdk.Endpoint;

/** A test actor that a call makes unhealthy: its health probe fails from then on, so the head restarts it. */
public class Fragile {
    private volatile boolean sick;

    public Fragile() {}

    public boolean checkHealth() {
        return !sick;
    }

    /** Makes this replica fail its next health probe. */
    @Endpoint
    public String sicken() {
        sick = true;
        return "sick";
    }

    @Endpoint
    public String ping() {
        return "pong";
    }
}
