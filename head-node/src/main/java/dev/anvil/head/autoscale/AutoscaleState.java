package dev.anvil.head.autoscale;

/**
 * Where one autoscaled service stands, as {@code anvil status} shows it and other head code (metrics) reads it.
 *
 * @param service the service name
 * @param min the fewest replicas
 * @param max the most replicas
 * @param current replicas running or starting (not drained, not failed)
 * @param target the replicas the policy asks for now
 * @param targetOngoingRequests the load per replica the policy aims at
 * @param meanOngoingRequests ongoing plus queued calls per current replica at the last look
 * @param reason why the service is not at its target, or why it cannot grow further; {@code null} when neither
 * @param updatedAtMs when this was taken, epoch milliseconds
 */
public record AutoscaleState(
        String service,
        int min,
        int max,
        int current,
        int target,
        double targetOngoingRequests,
        double meanOngoingRequests,
        String reason,
        long updatedAtMs) {}
