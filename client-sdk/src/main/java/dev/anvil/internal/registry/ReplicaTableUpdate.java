package dev.anvil.internal.registry;

/**
 * A change of the replica table, pushed by the head to every node as a message on {@link #TOPIC} in addition to the
 * cache write. The message reaches callers even while a frozen worker holds up synchronous writes to the replicated
 * cache (until failure detection drops it), so a replica is taken out of routing at once.
 */
public final class ReplicaTableUpdate {
    /** The Ignite messaging topic of replica table changes. */
    public static final String TOPIC = "anvil.replicas";

    private final String key;
    private final ReplicaRecord record;

    /** A change of row {@code key}: its new value, or {@code null} when the row was removed. */
    public ReplicaTableUpdate(String key, ReplicaRecord record) {
        this.key = key;
        this.record = record;
    }

    /** The row's key. */
    public String key() {
        return key;
    }

    /** The row's new value, or {@code null} when it was removed. */
    public ReplicaRecord record() {
        return record;
    }
}
