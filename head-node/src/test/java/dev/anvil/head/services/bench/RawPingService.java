package dev.anvil.head.services.bench;

import org.apache.ignite.services.Service;

/** A plain Ignite service: the baseline of the benchmark. */
public class RawPingService implements Service, PingService {
    private static final long serialVersionUID = 1L;

    @Override
    public int ping(int x) {
        return x + 1;
    }
}
