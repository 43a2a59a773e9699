package dev.anvil.head.status;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One service as {@code anvil status} shows it.
 *
 * @param name the service name
 * @param actorClass fully qualified actor class
 * @param replicas its replicas, in replica order
 */
public record ServiceSummary(String name, String actorClass, List<ReplicaSummary> replicas) {

    public ServiceSummary {
        replicas = List.copyOf(replicas);
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
