package dev.anvil.head.placement;

import java.util.List;
import java.util.UUID;

/**
 * Where the placer put one rank.
 *
 * @param rank the rank within its replica
 * @param node the worker
 * @param gpus the GPUs it owns (empty without GPUs)
 */
public record RankSlot(int rank, UUID node, List<Integer> gpus) {
    public RankSlot {
        gpus = List.copyOf(gpus);
    }
}
