package dev.anvil.internal.control;

import dev.anvil.internal.node.NodeLocalKey;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ServiceSpec;
import java.util.List;

/**
 * What a node may ask of the head, the one way it asks ({@link HeadTask} through {@link HeadClient}): services and
 * jobs. The head registers its implementation under {@link #KEY}.
 */
public interface HeadControl {
    /** Where the head registers its control plane in its node-local map. */
    NodeLocalKey<HeadControl> KEY = new NodeLocalKey<>("anvil.head.control", HeadControl.class);

    /**
     * Places and deploys every replica of {@code spec}, returning when all are healthy.
     *
     * @return the replica table rows of the healthy replicas, so the caller routes at once
     * @throws dev.anvil.sdk.InsufficientResourcesException when the cluster lacks GPUs or workers
     * @throws dev.anvil.sdk.DeploymentException when a replica fails to start; nothing is left deployed
     */
    List<ReplicaRecord> deploy(ServiceSpec spec);

    /** Drains and removes every replica of {@code service}, then frees its GPUs. Unknown services are ignored. */
    void shutdown(String service);

    /**
     * Accepts a job after checking {@code token}: checks the jar and main class, stores jar and config, starts the
     * driver.
     *
     * @return the new job id
     * @throws dev.anvil.sdk.JobException INVALID, UNAUTHORIZED or UNSCHEDULABLE
     */
    String submitJob(
            String token,
            byte[] jar,
            String mainClass,
            List<String> args,
            byte[] config,
            int entrypointGpus,
            int maxRestarts);

    /**
     * Stops job {@code id}'s driver and shuts down its services after checking {@code token}; returns once the job is
     * STOPPED.
     */
    void stopJob(String token, String id);
}
