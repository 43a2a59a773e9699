package dev.anvil.sdk;

/**
 * Immutable settings of a {@link WeightStore} handle, built by {@link #builder()}; the builder validates.
 *
 * <p>Defaults: keep the 2 newest versions (a trainer pushes {@code v+1} while generators still pull {@code v}),
 * 4 MiB chunks, shared memory with data nodes on the same host.
 */
public final class WeightStoreConfig {
    /** Value of {@link #retainVersions()} that keeps every version. */
    public static final int KEEP_ALL = 0;

    private final int retainVersions;
    private final int chunkBytes;
    private final boolean sharedMemory;

    private WeightStoreConfig(Builder b) {
        this.retainVersions = b.retainVersions;
        this.chunkBytes = b.chunkBytes;
        this.sharedMemory = b.sharedMemory;
    }

    /** Default settings. */
    public static WeightStoreConfig defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** How many newest committed versions a push keeps; older ones are dropped. {@link #KEEP_ALL} keeps all. */
    public int retainVersions() {
        return retainVersions;
    }

    /** Largest piece a push stores and a pull fetches at once; tensors are split into chunks of this size. */
    public int chunkBytes() {
        return chunkBytes;
    }

    /**
     * Whether this process reads and writes the chunks of data nodes on its own host through their shared-memory
     * directory (one copy each way) rather than over TCP; nodes on other hosts are always reached over TCP.
     */
    public boolean sharedMemory() {
        return sharedMemory;
    }

    @Override
    public String toString() {
        return "WeightStoreConfig[retainVersions=" + retainVersions + ", chunkBytes=" + chunkBytes + ", sharedMemory="
                + sharedMemory + "]";
    }

    /** Builder of {@link WeightStoreConfig}. */
    public static final class Builder {
        private int retainVersions = 2;
        private int chunkBytes = 4 << 20;
        private boolean sharedMemory = true;

        private Builder() {}

        /** Newest versions kept, at least 1, or {@link #KEEP_ALL}; default 2. */
        public Builder retainVersions(int retainVersions) {
            this.retainVersions = retainVersions;
            return this;
        }

        /** Chunk size in bytes, 4 KiB to 64 MiB; default 4 MiB (one file or one request per chunk: fewer is cheaper). */
        public Builder chunkBytes(int chunkBytes) {
            this.chunkBytes = chunkBytes;
            return this;
        }

        /**
         * Whether chunks of data nodes on this host move through their shared-memory directory (default) or, when
         * {@code false}, over TCP as for any other host.
         */
        public Builder sharedMemory(boolean sharedMemory) {
            this.sharedMemory = sharedMemory;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public WeightStoreConfig build() {
            if (retainVersions < 0) {
                throw new IllegalArgumentException(
                        "retainVersions must be >= 1, or 0 to keep all [retainVersions=" + retainVersions + "]");
            }
            if (chunkBytes < 4096 || chunkBytes > 64 << 20) {
                throw new IllegalArgumentException(
                        "chunkBytes must be between 4 KiB and 64 MiB [chunkBytes=" + chunkBytes + "]");
            }
            return new WeightStoreConfig(this);
        }
    }
}
