package dev.anvil.internal.replay;

import java.util.Comparator;
import java.util.Objects;

/**
 * Cache key of one replay-buffer entry. It carries the policy version and the insertion order, so listing and evicting
 * entries reads keys only, never the payloads.
 */
final class ReplayKey implements Comparable<ReplayKey> {
    /** Oldest first: by insertion time, then by the cluster-unique sequence number. */
    static final Comparator<ReplayKey> AGE_ORDER =
            Comparator.comparingLong(ReplayKey::addedAtMicros).thenComparingLong(ReplayKey::seq);

    /** Wall-clock microseconds at which the entry was added. */
    private final long addedAtMicros;
    /** Cluster-unique number of the entry. */
    private final long seq;
    /** Policy version that produced the element. */
    private final long policyVersion;

    ReplayKey(long addedAtMicros, long seq, long policyVersion) {
        this.addedAtMicros = addedAtMicros;
        this.seq = seq;
        this.policyVersion = policyVersion;
    }

    long addedAtMicros() {
        return addedAtMicros;
    }

    long seq() {
        return seq;
    }

    long policyVersion() {
        return policyVersion;
    }

    /** Whether an entry of this version is too old for a sampler at {@code currPolicyVersion}. */
    static boolean isStale(long policyVersion, long currPolicyVersion, long maxPolicyAge) {
        return currPolicyVersion - policyVersion > maxPolicyAge;
    }

    @Override
    public int compareTo(ReplayKey o) {
        return AGE_ORDER.compare(this, o);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReplayKey k
                && k.addedAtMicros == addedAtMicros
                && k.seq == seq
                && k.policyVersion == policyVersion;
    }

    @Override
    public int hashCode() {
        return Objects.hash(addedAtMicros, seq, policyVersion);
    }

    @Override
    public String toString() {
        return "ReplayKey[seq=" + seq + ", addedAtMicros=" + addedAtMicros + ", policyVersion=" + policyVersion + "]";
    }
}
