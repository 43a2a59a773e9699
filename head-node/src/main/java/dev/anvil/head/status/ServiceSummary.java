package dev.anvil.head.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.anvil.head.autoscale.AutoscaleState;
import java.util.List;

/**
 * One service as {@code anvil status} shows it.
 *
 * @param name the service name
 * @param actorClass fully qualified actor class
 * @param replicas its replicas, in replica order
 * @param sessions live sticky sessions (opened, not closed)
 * @param autoscale current/target/min/max and why it cannot scale, or {@code null} for a fixed number of replicas
 */
public record ServiceSummary(
        String name, String actorClass, List<ReplicaSummary> replicas, int sessions, AutoscaleState autoscale) {

    public ServiceSummary {
        replicas = List.copyOf(replicas);
    }

    /** A service with a fixed number of replicas and no sessions. */
    public ServiceSummary(String name, String actorClass, List<ReplicaSummary> replicas) {
        this(name, actorClass, replicas, 0, null);
    }

    /** Replicas in state {@code HEALTHY}. */
    @JsonProperty("healthyReplicas")
    public int healthyReplicas() {
        return (int) replicas.stream().filter(r -> "HEALTHY".equals(r.state())).count();
    }

    /** All replicas, whatever their state. */
    @JsonProperty("totalReplicas")
    public int totalReplicas() {
        return replicas.size();
    }
}
