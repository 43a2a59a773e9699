package dev.anvil.internal.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** Where one rank of a replica runs: its worker, its unique rank name and its GPUs. */
public final class RankPlacement {
    private final int rank;
    private final UUID nodeId;
    private final String rankName;
    private final ArrayList<Integer> gpus;

    /** Creates a placement; {@code gpus} is copied. */
    public RankPlacement(int rank, UUID nodeId, String rankName, List<Integer> gpus) {
        this.rank = rank;
        this.nodeId = nodeId;
        this.rankName = rankName;
        this.gpus = new ArrayList<>(gpus);
    }

    public int rank() {
        return rank;
    }

    public UUID nodeId() {
        return nodeId;
    }

    public String rankName() {
        return rankName;
    }

    public List<Integer> gpus() {
        return List.copyOf(gpus);
    }

    @Override
    public String toString() {
        return "rank" + rank + "@" + nodeId + gpus;
    }
}
