package dev.anvil.head.status;

/**
 * How many replicas a service should have: the one place {@code /metrics} and the dashboard read an autoscaler's
 * target from. Services have a fixed replica count today, so the target is the current count.
 */
final class ReplicaTargets {
    private ReplicaTargets() {}

    /** The target replica count of {@code service}. */
    static int target(ServiceSummary service) {
        return service.totalReplicas();
    }
}
