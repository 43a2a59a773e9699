package dev.anvil.head.services.bench;

import dev.anvil.sdk.Endpoint;

/** The Anvil actor of the benchmark: the same work as {@link RawPingService}. */
public class PingActor {
    public PingActor() {}

    /** Returns {@code x + 1}. */
    @Endpoint
    public int ping(int x) {
        return x + 1;
    }
}
