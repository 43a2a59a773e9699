package dev.anvil.worker;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.internal.node.TransportSecurity;
import dev.anvil.sdk.AnvilException;
import dev.anvil.worker.blobs.BlobHostingNode;
import dev.anvil.worker.jobs.DriverLauncher;
import dev.anvil.worker.jobs.JobClassLoaders;
import dev.anvil.worker.replica.RankHosts;
import org.apache.ignite.Ignite;

/**
 * A worker: an Ignite server node that advertises its resources and hosts replicas.
 *
 * <p>A worker only makes sense inside a cluster with a head: when none is there after the join it stops and fails,
 * instead of quietly becoming a one-node cluster of its own.
 */
public final class WorkerNode implements AutoCloseable {
    private final Ignite ignite;
    private final DriverLauncher drivers;

    private WorkerNode(Ignite ignite, DriverLauncher drivers) {
        this.ignite = ignite;
        this.drivers = drivers;
    }

    /** Starts a worker with the given settings (role must be {@link NodeRole#WORKER}). */
    public static WorkerNode start(NodeSettings settings) {
        if (settings.role() != NodeRole.WORKER) {
            throw new IllegalArgumentException("not worker settings [role=" + settings.role() + "]");
        }
        TransportSecurity.check(settings);
        Ignite ignite;
        try {
            ignite = BlobHostingNode.start(settings);
        } catch (java.io.UncheckedIOException e) {
            // The blob holder (folder or port) failed before the node tried to join: say so, not "could not join".
            throw new AnvilException(e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new AnvilException(
                    "worker could not join the cluster within " + settings.joinTimeoutMs() + " ms [head="
                            + String.join(",", settings.seeds()) + "]",
                    e);
        }
        if (ignite.cluster()
                .forAttribute(NodeAttributes.ROLE, NodeRole.HEAD.attributeValue())
                .nodes()
                .isEmpty()) {
            ignite.close();
            throw new AnvilException(
                    "no head in the cluster this worker joined [head=" + String.join(",", settings.seeds()) + "]");
        }
        try {
            // Replicas of submitted jobs load their actor classes from the job's jar.
            JobClassLoaders.register(ignite);
            // Drivers that ask for GPUs run on workers (anvil job submit --entrypoint-gpus N).
            return new WorkerNode(ignite, DriverLauncher.install(ignite, settings.workDir()));
        } catch (RuntimeException e) {
            JobClassLoaders.unregister(ignite);
            ignite.close();
            throw e;
        }
    }

    /** The worker's Ignite node. */
    public Ignite ignite() {
        return ignite;
    }

    @Override
    public void close() {
        // Actors get their cleanup() before the node goes, as on a normal stop they always have.
        RankHosts.of(ignite).stopAll();
        drivers.close();
        JobClassLoaders.unregister(ignite);
        ignite.close();
    }
}
