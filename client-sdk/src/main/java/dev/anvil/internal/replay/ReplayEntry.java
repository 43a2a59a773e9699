package dev.anvil.internal.replay;

/** Cache value of one replay-buffer entry: the serialized element and how often it has been sampled. */
final class ReplayEntry {
    /** Times the entry has been sampled. */
    private final int sampleCount;
    /** The element, serialized by {@link ElementCodec}; servers never deserialize it. */
    private final byte[] payload;

    ReplayEntry(int sampleCount, byte[] payload) {
        this.sampleCount = sampleCount;
        this.payload = payload;
    }

    int sampleCount() {
        return sampleCount;
    }

    byte[] payload() {
        return payload;
    }

    ReplayEntry withSampleCount(int count) {
        return new ReplayEntry(count, payload);
    }
}
