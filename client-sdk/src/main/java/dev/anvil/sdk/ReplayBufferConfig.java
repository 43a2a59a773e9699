package dev.anvil.sdk;

import java.util.Objects;

/**
 * Immutable settings of a {@link ReplayBuffer}, built by {@link #builder()}; the builder validates.
 *
 * <pre>{@code
 * ReplayBufferConfig cfg = ReplayBufferConfig.builder().batchSize(16).dpSize(1).maxPolicyAge(1)
 *         .maxResampleCount(0).maxBufferSize(10_000).seed(42).build();
 * }</pre>
 *
 * <p>Defaults follow TorchForge's replay buffer: {@code dpSize = 1}, no policy-age limit, {@code maxResampleCount =
 * 0} (each element is sampled once), no size limit, seed 0.
 */
public final class ReplayBufferConfig {
    /** Value of {@link #maxPolicyAge()} when entries never grow too old. */
    public static final long UNLIMITED_AGE = Long.MAX_VALUE;
    /** Value of {@link #maxBufferSize()} when the buffer has no size limit (the data region still caps it). */
    public static final long UNBOUNDED = 0;

    private final int batchSize;
    private final int dpSize;
    private final long maxPolicyAge;
    private final int maxResampleCount;
    private final long maxBufferSize;
    private final long seed;

    private ReplayBufferConfig(Builder b) {
        this.batchSize = b.batchSize;
        this.dpSize = b.dpSize;
        this.maxPolicyAge = b.maxPolicyAge;
        this.maxResampleCount = b.maxResampleCount;
        this.maxBufferSize = b.maxBufferSize;
        this.seed = b.seed;
    }

    /** A builder; {@link Builder#batchSize(int)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** Elements per list returned by {@code sample}. */
    public int batchSize() {
        return batchSize;
    }

    /** Number of lists returned by {@code sample} (data-parallel ranks). */
    public int dpSize() {
        return dpSize;
    }

    /** Entries added at a policy version more than this many versions behind the sampler's are evicted. */
    public long maxPolicyAge() {
        return maxPolicyAge;
    }

    /** How often an entry may be sampled again after its first sample; it is sampled at most this plus one times. */
    public int maxResampleCount() {
        return maxResampleCount;
    }

    /** Largest number of entries kept, the oldest dropped first; {@link #UNBOUNDED} for no limit. */
    public long maxBufferSize() {
        return maxBufferSize;
    }

    /** Seed of the sampler: the same contents and the same seed give the same samples. */
    public long seed() {
        return seed;
    }

    /** Elements drawn by one {@code sample}: {@code dpSize * batchSize}. */
    public int samplesPerDraw() {
        return dpSize * batchSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplayBufferConfig c
                && batchSize == c.batchSize
                && dpSize == c.dpSize
                && maxPolicyAge == c.maxPolicyAge
                && maxResampleCount == c.maxResampleCount
                && maxBufferSize == c.maxBufferSize
                && seed == c.seed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(batchSize, dpSize, maxPolicyAge, maxResampleCount, maxBufferSize, seed);
    }

    @Override
    public String toString() {
        return "ReplayBufferConfig[batchSize=" + batchSize + ", dpSize=" + dpSize + ", maxPolicyAge="
                + (maxPolicyAge == UNLIMITED_AGE ? "unlimited" : maxPolicyAge) + ", maxResampleCount="
                + maxResampleCount + ", maxBufferSize=" + (maxBufferSize == UNBOUNDED ? "unbounded" : maxBufferSize)
                + ", seed=" + seed + "]";
    }

    /** Builder of {@link ReplayBufferConfig}; {@link #build()} checks every value. */
    public static final class Builder {
        private int batchSize = -1;
        private int dpSize = 1;
        private long maxPolicyAge = UNLIMITED_AGE;
        private int maxResampleCount;
        private long maxBufferSize = UNBOUNDED;
        private long seed;

        private Builder() {}

        /** Required: elements per returned list, at least 1. */
        public Builder batchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        /** Lists per sample, at least 1; default 1. */
        public Builder dpSize(int dpSize) {
            this.dpSize = dpSize;
            return this;
        }

        /** Largest policy-version lag an entry may have when sampled, at least 0; default unlimited. */
        public Builder maxPolicyAge(long maxPolicyAge) {
            this.maxPolicyAge = maxPolicyAge;
            return this;
        }

        /** Extra samples an entry may take after its first, at least 0; default 0. */
        public Builder maxResampleCount(int maxResampleCount) {
            this.maxResampleCount = maxResampleCount;
            return this;
        }

        /** Size limit, the oldest dropped first; {@link #UNBOUNDED} (default) for none, else at least one draw. */
        public Builder maxBufferSize(long maxBufferSize) {
            this.maxBufferSize = maxBufferSize;
            return this;
        }

        /** Sampler seed; default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @throws IllegalArgumentException naming the first bad value
         */
        public ReplayBufferConfig build() {
            if (batchSize < 1) {
                throw new IllegalArgumentException(
                        batchSize == -1
                                ? "batchSize is required [batchSize=<unset>]"
                                : "batchSize must be >= 1 [batchSize=" + batchSize + "]");
            }
            if (dpSize < 1) {
                throw new IllegalArgumentException("dpSize must be >= 1 [dpSize=" + dpSize + "]");
            }
            if (maxPolicyAge < 0) {
                throw new IllegalArgumentException("maxPolicyAge must be >= 0 [maxPolicyAge=" + maxPolicyAge + "]");
            }
            if (maxResampleCount < 0) {
                throw new IllegalArgumentException(
                        "maxResampleCount must be >= 0 [maxResampleCount=" + maxResampleCount + "]");
            }
            if ((long) batchSize * dpSize > Integer.MAX_VALUE / 2) {
                throw new IllegalArgumentException(
                        "dpSize * batchSize is too large [batchSize=" + batchSize + ", dpSize=" + dpSize + "]");
            }
            if (maxBufferSize < 0 || (maxBufferSize != UNBOUNDED && maxBufferSize < (long) batchSize * dpSize)) {
                throw new IllegalArgumentException("maxBufferSize must be 0 (unbounded) or hold at least one draw of"
                        + " dpSize * batchSize [maxBufferSize=" + maxBufferSize + ", draw=" + (long) batchSize * dpSize
                        + "]");
            }
            return new ReplayBufferConfig(this);
        }
    }
}
