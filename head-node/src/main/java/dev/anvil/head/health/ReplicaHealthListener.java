package dev.anvil.head.health;

import dev.anvil.internal.registry.ReplicaLoad;

/**
 * What {@link HealthMonitor} found out about one replica (identified by its table key and generation, so a verdict on
 * an older generation can be ignored). The monitor only judges probes; whoever owns the replicas decides what a
 * verdict means for routing and restarts, so the health package depends on nobody above it.
 */
public interface ReplicaHealthListener {
    /** Every rank on the probed worker answered healthy; {@code load} is rank 0's, reported by its worker. */
    void answered(String key, int generation, ReplicaLoad load);

    /** The worker hosting a rank did not answer the probe in time: maybe frozen or partitioned, maybe only busy. */
    void missedProbe(String key, int generation, String reason);

    /** A rank reported itself unhealthy (or gave no report): the replica cannot serve as it is. */
    void unhealthy(String key, int generation, String reason);
}
