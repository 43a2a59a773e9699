package dev.anvil.internal.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Finds free loopback port blocks, so embedded clusters and tests never join each other. */
public final class FreePorts {
    private FreePorts() {}

    /** The first port of {@code count} consecutive free ports on {@code host}, searched from a random start. */
    public static int freeBlock(String host, int count) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int base = ThreadLocalRandom.current().nextInt(20_000, 40_000);
            if (allFree(host, base, count)) {
                return base;
            }
        }
        throw new IllegalStateException("no block of " + count + " free ports found [host=" + host + "]");
    }

    /** Whether {@code port} can be bound on {@code host}. */
    public static boolean isFree(String host, int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName(host))) {
            s.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean allFree(String host, int base, int count) {
        for (int p = base; p < base + count; p++) {
            if (!isFree(host, p)) {
                return false;
            }
        }
        return true;
    }
}
