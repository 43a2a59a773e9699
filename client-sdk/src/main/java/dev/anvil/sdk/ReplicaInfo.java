package dev.anvil.sdk;

import java.util.List;

/**
 * One replica of a service, as the cluster's replica table sees it.
 *
 * @param service the service name
 * @param index the replica's index in the service (0-based, the order of {@code fanout()} results)
 * @param generation how many times this replica was (re)started, starting at 1
 * @param state its state
 * @param nodes the Ignite node id of each rank, rank 0 first
 * @param gpus the GPU indices of each rank (empty lists without {@code withGpus})
 * @param restarts how many times it was restarted after a failure
 * @param inFlight calls executing at the last health probe
 * @param queued calls waiting at the last health probe
 * @param requests calls served since it started
 * @param failures calls that failed since it started
 * @param meanLatencyMs mean execution time of its calls, milliseconds
 * @param lastError why it last failed, or {@code null}
 */
public record ReplicaInfo(
        String service,
        int index,
        int generation,
        ReplicaState state,
        List<String> nodes,
        List<List<Integer>> gpus,
        int restarts,
        int inFlight,
        int queued,
        long requests,
        long failures,
        double meanLatencyMs,
        String lastError) {
    public ReplicaInfo {
        nodes = List.copyOf(nodes);
        gpus = gpus.stream().map(List::copyOf).toList();
    }
}
