package dev.anvil.head;

import dev.anvil.head.autoscale.Autoscaler;
import dev.anvil.head.jobs.JobManager;
import dev.anvil.head.jobs.JobServices;
import dev.anvil.head.jobs.JobSettings;
import dev.anvil.head.services.ServiceController;
import dev.anvil.head.weights.RepairCoordinator;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.internal.node.NodeStarter;
import dev.anvil.sdk.AnvilException;
import dev.anvil.worker.jobs.DriverLauncher;
import org.apache.ignite.Ignite;

/**
 * The head: an Ignite server node with role {@code head}, running the control plane (placement, health, jobs,
 * status). It is never on the data path: callers route from the replica table themselves.
 */
public final class HeadNode implements AutoCloseable {
    private final Ignite ignite;
    private final ServiceController services;
    private final DriverLauncher drivers;
    private final JobManager jobs;
    private final RepairCoordinator weightRepair;
    private final HeadControlPlane control;
    /** Scales autoscaled services; started once the head is up. */
    private Autoscaler autoscaler;

    private HeadNode(
            Ignite ignite,
            ServiceController services,
            DriverLauncher drivers,
            JobManager jobs,
            RepairCoordinator weightRepair,
            HeadControlPlane control) {
        this.ignite = ignite;
        this.services = services;
        this.drivers = drivers;
        this.jobs = jobs;
        this.weightRepair = weightRepair;
        this.control = control;
    }

    /** Starts a head with the given settings (role must be {@link NodeRole#HEAD}) taking jobs on loopback only. */
    public static HeadNode start(NodeSettings settings) {
        return start(settings, JobSettings.defaults());
    }

    /** Starts a head with the given node settings (role must be {@link NodeRole#HEAD}) and job settings. */
    public static HeadNode start(NodeSettings settings, JobSettings jobSettings) {
        if (settings.role() != NodeRole.HEAD) {
            throw new IllegalArgumentException("not head settings [role=" + settings.role() + "]");
        }
        Ignite ignite;
        try {
            ignite = NodeStarter.start(settings);
        } catch (RuntimeException e) {
            throw new AnvilException(
                    "head failed to start: " + rootMessage(e) + " [instance=" + settings.instanceName() + ", port="
                            + settings.discoveryPort() + "]",
                    e);
        }
        try {
            ServiceController services = ServiceController.start(ignite);
            DriverLauncher drivers = DriverLauncher.install(ignite, settings.workDir());
            JobManager jobs = JobManager.install(ignite, jobSettings, new JobServices(services));
            RepairCoordinator weightRepair = RepairCoordinator.start(ignite);
            HeadControlPlane control = HeadControlPlane.register(ignite, services, jobs);
            HeadNode head = new HeadNode(ignite, services, drivers, jobs, weightRepair, control);
            head.autoscaler = Autoscaler.start(ignite, services);
            return head;
        } catch (RuntimeException e) {
            ignite.close();
            throw e;
        }
    }

    /** The head's service controller (placement, health, restarts). */
    public ServiceController services() {
        return services;
    }

    /** The head's autoscaler (each autoscaled service's {@code AutoscaleState}). */
    public Autoscaler autoscaler() {
        return autoscaler;
    }

    /** The head's Ignite node. */
    public Ignite ignite() {
        return ignite;
    }

    /** The head's job manager. */
    public JobManager jobs() {
        return jobs;
    }

    /** The head's weight repair (re-replication of weight chunks whose holders left). */
    public RepairCoordinator weightRepair() {
        return weightRepair;
    }

    @Override
    public void close() {
        if (autoscaler != null) {
            autoscaler.close();
        }
        control.close();
        weightRepair.close();
        jobs.close();
        drivers.close();
        services.close();
        ignite.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
