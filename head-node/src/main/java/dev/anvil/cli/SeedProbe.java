package dev.anvil.cli;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that something listens at the head's discovery address before a worker starts its Ignite node, so that a
 * wrong {@code --head} fails within the join timeout with one clear line instead of Ignite's start-up rollback.
 */
final class SeedProbe {
    private static final int CONNECT_TIMEOUT_MS = 300;
    private static final long ROUND_PAUSE_MS = 200;

    private SeedProbe() {}

    /**
     * Waits until one of {@code seeds} accepts a TCP connection, for at most {@code timeoutMs}.
     *
     * @throws IllegalStateException naming the addresses when none did
     */
    static void awaitAny(List<String> seeds, long timeoutMs) {
        List<InetSocketAddress> addrs = expand(seeds);
        long deadline = System.currentTimeMillis() + timeoutMs;
        do {
            for (InetSocketAddress a : addrs) {
                try (Socket s = new Socket()) {
                    s.connect(a, CONNECT_TIMEOUT_MS);
                    return;
                } catch (IOException e) {
                    // not there (yet)
                }
            }
            try {
                Thread.sleep(ROUND_PAUSE_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        } while (System.currentTimeMillis() < deadline);
        throw new IllegalStateException("no head answers within the join timeout of " + timeoutMs + " ms [head="
                + String.join(",", seeds) + "]");
    }

    /** {@code host:port} and {@code host:from..to} as socket addresses. */
    static List<InetSocketAddress> expand(List<String> seeds) {
        List<InetSocketAddress> out = new ArrayList<>();
        for (String seed : seeds) {
            int colon = seed.lastIndexOf(':');
            String host = seed.substring(0, colon);
            String ports = seed.substring(colon + 1);
            int dots = ports.indexOf("..");
            int from = Integer.parseInt(dots < 0 ? ports : ports.substring(0, dots));
            int to = dots < 0 ? from : Integer.parseInt(ports.substring(dots + 2));
            for (int p = from; p <= to; p++) {
                out.add(new InetSocketAddress(host, p));
            }
        }
        return out;
    }
}
