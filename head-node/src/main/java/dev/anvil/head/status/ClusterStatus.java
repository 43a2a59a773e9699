package dev.anvil.head.status;

import java.util.List;

/**
 * A snapshot of the cluster, as {@code anvil status} prints it and the head's HTTP endpoint serves it (JSON).
 *
 * @param takenAt epoch millis of the snapshot
 * @param topologyVersion Ignite topology version the snapshot was taken at
 * @param nodes server nodes: the head first, then workers by name
 * @param clients client nodes (drivers, CLIs) connected, not listed one by one
 * @param resources totals over the workers
 * @param services services with their replicas (empty when none runs)
 * @param jobs submitted jobs (empty when none was submitted)
 * @param warnings sections that could not be filled, and why
 * @param activeHead name of the head that acts (runs the control plane), or {@code null} when no head runs; the
 *     other heads stand by
 */
public record ClusterStatus(
        long takenAt,
        long topologyVersion,
        List<NodeStatus> nodes,
        int clients,
        ResourceTotals resources,
        List<ServiceSummary> services,
        List<JobSummary> jobs,
        List<String> warnings,
        String activeHead) {

    public ClusterStatus {
        nodes = List.copyOf(nodes);
        services = List.copyOf(services);
        jobs = List.copyOf(jobs);
        warnings = List.copyOf(warnings);
    }

    /** The heads that stand by, ready to take over, in the order they would. */
    public List<String> standbyHeads() {
        return nodesWithRole("head").stream()
                .map(NodeStatus::name)
                .filter(n -> !n.equals(activeHead))
                .toList();
    }

    /** The nodes with role {@code role}. */
    public List<NodeStatus> nodesWithRole(String role) {
        return nodes.stream().filter(n -> n.role().equals(role)).toList();
    }
}
