package dev.anvil.internal.calls;

import dev.anvil.internal.registry.ReplicaLoad;

/** What one rank answered to a health probe. */
public final class ProbeReport {
    private final String rankName;
    private final boolean healthy;
    private final String error;
    private final ReplicaLoad load;

    /** Creates a report. */
    public ProbeReport(String rankName, boolean healthy, String error, ReplicaLoad load) {
        this.rankName = rankName;
        this.healthy = healthy;
        this.error = error;
        this.load = load;
    }

    public String rankName() {
        return rankName;
    }

    public boolean healthy() {
        return healthy;
    }

    public String error() {
        return error;
    }

    public ReplicaLoad load() {
        return load;
    }
}
