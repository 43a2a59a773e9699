package dev.anvil.internal.registry;

import dev.anvil.sdk.ReplicaInfo;
import dev.anvil.sdk.ReplicaState;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One row of the replica table (cache {@code anvil-replicas}, key {@link #key(String, int)}): written by the head,
 * watched by every caller through a continuous query. {@code version} grows with every write, so a caller never
 * replaces a newer row with an older one.
 */
public final class ReplicaRecord {
    private final String service;
    private final int index;
    private final int generation;
    private final long version;
    private final ReplicaState state;
    private final ArrayList<RankPlacement> ranks;
    private final int restarts;
    private final ReplicaLoad load;
    private final String lastError;

    /** Creates a row; {@code ranks} is copied. */
    public ReplicaRecord(
            String service,
            int index,
            int generation,
            long version,
            ReplicaState state,
            List<RankPlacement> ranks,
            int restarts,
            ReplicaLoad load,
            String lastError) {
        this.service = service;
        this.index = index;
        this.generation = generation;
        this.version = version;
        this.state = state;
        this.ranks = new ArrayList<>(ranks);
        this.restarts = restarts;
        this.load = load == null ? ReplicaLoad.ZERO : load;
        this.lastError = lastError;
    }

    /** The cache key of replica {@code index} of {@code service}. */
    public static String key(String service, int index) {
        return service + "#" + index;
    }

    public String service() {
        return service;
    }

    public int index() {
        return index;
    }

    public int generation() {
        return generation;
    }

    public long version() {
        return version;
    }

    public ReplicaState state() {
        return state;
    }

    public List<RankPlacement> ranks() {
        return List.copyOf(ranks);
    }

    public int restarts() {
        return restarts;
    }

    public ReplicaLoad load() {
        return load;
    }

    public String lastError() {
        return lastError;
    }

    /** The key of this row. */
    public String key() {
        return key(service, index);
    }

    /** The rank that answers calls. */
    public RankPlacement rank0() {
        return ranks.get(0);
    }

    /** The worker of rank 0, or {@code null} before placement. */
    public UUID node() {
        return ranks.isEmpty() ? null : ranks.get(0).nodeId();
    }

    /** A copy in another state. */
    public ReplicaRecord withState(ReplicaState s, String error) {
        return new ReplicaRecord(service, index, generation, version + 1, s, ranks, restarts, load, error);
    }

    /** A copy with new load figures, and the state they imply. */
    public ReplicaRecord withLoad(ReplicaLoad l, ReplicaState s) {
        return new ReplicaRecord(service, index, generation, version + 1, s, ranks, restarts, l, lastError);
    }

    /** The public view of this row. */
    public ReplicaInfo toInfo() {
        List<String> nodes = ranks.stream().map(r -> String.valueOf(r.nodeId())).toList();
        List<List<Integer>> gpus = ranks.stream().map(RankPlacement::gpus).toList();
        return new ReplicaInfo(
                service,
                index,
                generation,
                state,
                nodes,
                gpus,
                restarts,
                load.inFlight(),
                load.queued(),
                load.requests(),
                load.failures(),
                load.meanLatencyMs(),
                lastError);
    }

    /** Node ids of all ranks. */
    public List<UUID> nodes() {
        List<UUID> ids = new ArrayList<>();
        for (RankPlacement r : ranks) {
            ids.add(r.nodeId());
        }
        return ids;
    }

    @Override
    public String toString() {
        return "Replica[" + key() + " g" + generation + " v" + version + " " + state + " " + ranks + "]";
    }
}
