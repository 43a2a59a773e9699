package dev.anvil.cli;

/**
 * What a running node started by the {@code anvil} command line records about itself in the run directory: enough
 * for {@code anvil stop} (its pid) and {@code anvil status}/{@code anvil inspect} (where the head listens).
 *
 * @param pid operating-system process id of the node's JVM
 * @param role {@code head} or {@code worker}
 * @param name Ignite instance name
 * @param host address the node bound
 * @param clusterAddress discovery address of the cluster, as {@code anvil worker --head} and {@code Anvil.connect} take it
 * @param thinClientPort thin-client port (head only; 0 when closed)
 * @param statusPort HTTP status port (head only; 0 when closed)
 * @param startedAt epoch millis when the node finished starting
 */
public record NodeRecord(
        long pid,
        String role,
        String name,
        String host,
        String clusterAddress,
        int thinClientPort,
        int statusPort,
        long startedAt) {}
