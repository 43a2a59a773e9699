package dev.anvil.head.services.bench;

/** The raw Ignite service the benchmark compares Anvil with. */
public interface PingService {
    /** Returns {@code x + 1}. */
    int ping(int x);
}
