package dev.anvil.internal.routing;

import java.util.function.IntConsumer;

/** The replica a sticky session is pinned to, and how a new pinning is made known cluster-wide. */
public final class SessionPin {
    private volatile int index;
    private final IntConsumer onRepin;

    /** Creates a pin at {@code index} (-1: not pinned yet); {@code onRepin} persists a new pinning. */
    public SessionPin(int index, IntConsumer onRepin) {
        this.index = index;
        this.onRepin = onRepin;
    }

    /** The pinned replica index, or -1. */
    public int index() {
        return index;
    }

    void repin(int newIndex) {
        if (newIndex != index) {
            index = newIndex;
            onRepin.accept(newIndex);
        }
    }
}
