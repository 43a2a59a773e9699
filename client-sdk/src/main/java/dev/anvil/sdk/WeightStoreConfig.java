package dev.anvil.sdk;

/**
 * Immutable settings of a {@link WeightStore} handle, built by {@link #builder()}; the builder validates.
 *
 * <p>Defaults: keep the 2 newest versions (a trainer pushes {@code v+1} while generators still pull {@code v}),
 * 1 MiB chunks.
 */
public final class WeightStoreConfig {
    /** Value of {@link #retainVersions()} that keeps every version. */
    public static final int KEEP_ALL = 0;

    private final int retainVersions;
    private final int chunkBytes;

    private WeightStoreConfig(Builder b) {
        this.retainVersions = b.retainVersions;
        this.chunkBytes = b.chunkBytes;
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

    /** Largest cache value a push writes; tensors are split into chunks of this size. */
    public int chunkBytes() {
        return chunkBytes;
    }

    @Override
    public String toString() {
        return "WeightStoreConfig[retainVersions=" + retainVersions + ", chunkBytes=" + chunkBytes + "]";
    }

    /** Builder of {@link WeightStoreConfig}. */
    public static final class Builder {
        private int retainVersions = 2;
        private int chunkBytes = 1 << 20;

        private Builder() {
        }

        /** Newest versions kept, at least 1, or {@link #KEEP_ALL}; default 2. */
        public Builder retainVersions(int retainVersions) {
            this.retainVersions = retainVersions;
            return this;
        }

        /** Chunk size in bytes, 4 KiB to 64 MiB; default 1 MiB. */
        public Builder chunkBytes(int chunkBytes) {
            this.chunkBytes = chunkBytes;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException naming the bad value
         */
        public WeightStoreConfig build() {
            if (retainVersions < 0) {
                throw new IllegalArgumentException("retainVersions must be >= 1, or 0 to keep all [retainVersions="
                        + retainVersions + "]");
            }
            if (chunkBytes < 4096 || chunkBytes > 64 << 20) {
                throw new IllegalArgumentException("chunkBytes must be between 4 KiB and 64 MiB [chunkBytes="
                        + chunkBytes + "]");
            }
            return new WeightStoreConfig(this);
        }
    }
}
