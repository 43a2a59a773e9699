package dev.anvil.head.status;

/**
 * How many replicas a service should have: the one place {@code /metrics} and the dashboard read an autoscaler's
 * target from. An autoscaled service's target is what its policy asks for now; a fixed service's is its count.
 */
final class ReplicaTargets {
    private ReplicaTargets() {}

    /** The target replica count of {@code service}. */
    static int target(ServiceSummary service) {
        return service.autoscale() != null ? service.autoscale().target() : service.totalReplicas();
    }
}
