package dev.anvil.testkit;

import java.util.Random;

/** Reproducible test payloads. */
public final class TestBytes {
    private TestBytes() {}

    /** {@code n} pseudo-random bytes, the same for the same {@code seed}. */
    public static byte[] bytes(long seed, int n) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }
}
