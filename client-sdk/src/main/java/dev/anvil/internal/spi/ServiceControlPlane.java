package dev.anvil.internal.spi;

import dev.anvil.internal.service.ReplicaRecord;
import dev.anvil.internal.service.ServiceSpec;
import java.util.List;

/**
 * The head's service controller, as control requests from callers reach it: registered by the head node in its
 * node-local map under {@link #NODE_LOCAL_KEY}, found there by {@code ControlJob}.
 */
public interface ServiceControlPlane {
    /** Node-local map key of the head's controller. */
    String NODE_LOCAL_KEY = "anvil.serviceControlPlane";

    /**
     * Places and deploys every replica of {@code spec}, returning when all are healthy.
     *
     * @return the replica table rows of the healthy replicas, so the caller routes at once
     *
     * @throws dev.anvil.sdk.InsufficientResourcesException when the cluster lacks GPUs or workers
     * @throws dev.anvil.sdk.DeploymentException when a replica fails to start; nothing is left deployed
     */
    List<ReplicaRecord> deploy(ServiceSpec spec);

    /** Drains and removes every replica of {@code service}, then frees its GPUs. Unknown services are ignored. */
    void shutdown(String service);
}
