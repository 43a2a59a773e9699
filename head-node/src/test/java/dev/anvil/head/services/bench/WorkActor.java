package dev.anvil.head.services.bench;

import dev.anvil.sdk.Endpoint;

/** The actor of {@link ConcurrencyBenchmark}: an instant call and one that waits (I/O-like, no CPU). */
public class WorkActor {
    public WorkActor() {}

    /** Returns {@code x + 1} at once. */
    @Endpoint
    public int ping(int x) {
        return x + 1;
    }

    /** Waits {@code ms} milliseconds, as a call that waits on I/O or a device would. */
    @Endpoint
    public int waitMs(int ms) throws InterruptedException {
        Thread.sleep(ms);
        return ms;
    }
}
