package dev.anvil.head;

import dev.anvil.head.autoscale.Autoscaler;
import dev.anvil.head.election.HeadRole;
import dev.anvil.head.jobs.ClientCodeJanitor;
import dev.anvil.head.jobs.JobManager;
import dev.anvil.head.jobs.JobServices;
import dev.anvil.head.jobs.JobSettings;
import dev.anvil.head.services.ServiceController;
import dev.anvil.head.weights.RepairCoordinator;
import dev.anvil.internal.control.ActiveHead;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.internal.node.NodeStarter;
import dev.anvil.internal.node.TransportSecurity;
import dev.anvil.sdk.AnvilException;
import dev.anvil.worker.jobs.DriverLauncher;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A head: an Ignite server node with role {@code head}. The control plane (placement, health, restarts, jobs,
 * weight repair, and every {@link ActiveComponent} such as the status port) runs only while this head is the active
 * one ({@link HeadRole}: the oldest live head of the cluster). A standby head ({@code anvil head --standby}) joins,
 * waits, and takes over from the caches when the active head dies, as a plain restart of a head does. The head is
 * never on the data path: callers route from the replica table themselves, drivers run on workers.
 */
public final class HeadNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadNode.class);

    private final Ignite ignite;
    private final JobSettings jobSettings;
    private final DriverLauncher drivers;
    private final Map<String, ActiveComponent> components = new LinkedHashMap<>();
    private final Map<String, AutoCloseable> runningComponents = new LinkedHashMap<>();
    private volatile ControlPlane plane;
    private volatile HeadRole role;

    /** The parts of the control plane that run while this head is the active one. */
    private record ControlPlane(
            ServiceController services,
            JobManager jobs,
            RepairCoordinator weightRepair,
            HeadControlPlane control,
            ClientCodeJanitor clientCode,
            Autoscaler autoscaler) {}

    private HeadNode(Ignite ignite, JobSettings jobSettings, DriverLauncher drivers) {
        this.ignite = ignite;
        this.jobSettings = jobSettings;
        this.drivers = drivers;
    }

    /** Starts a head with the given settings (role must be {@link NodeRole#HEAD}) taking jobs on loopback only. */
    public static HeadNode start(NodeSettings settings) {
        return start(settings, JobSettings.defaults());
    }

    /** Starts the active head with the given node settings (role must be {@link NodeRole#HEAD}) and job settings. */
    public static HeadNode start(NodeSettings settings, JobSettings jobSettings) {
        return start(settings, jobSettings, false);
    }

    /**
     * Starts a head. A head started without {@code standby} must be the active one: it refuses to start while
     * another head acts. A standby head joins and waits for the role.
     */
    public static HeadNode start(NodeSettings settings, JobSettings jobSettings, boolean standby) {
        if (settings.role() != NodeRole.HEAD) {
            throw new IllegalArgumentException("not head settings [role=" + settings.role() + "]");
        }
        TransportSecurity.check(settings);
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
            if (!standby) {
                Optional<ClusterNode> other = ActiveHead.node(ignite)
                        .filter(n -> !n.id().equals(ignite.cluster().localNode().id()));
                if (other.isPresent()) {
                    throw new AnvilException("another head is active in this cluster [head="
                            + other.get().consistentId() + "]: start this one with --standby to take over when"
                            + " it dies");
                }
            }
            DriverLauncher drivers = DriverLauncher.install(ignite, settings.workDir());
            HeadNode head = new HeadNode(ignite, jobSettings, drivers);
            head.role = HeadRole.start(ignite, head.new RoleListener());
            if (!standby && !head.role.isActive()) {
                head.close();
                throw new AnvilException("head could not start its control plane [instance=" + settings.instanceName()
                        + "] (see its log)");
            }
            LOG.info("head started [name={}, role={}]", ignite.name(), head.isActive() ? "active" : "standby");
            return head;
        } catch (RuntimeException e) {
            ignite.close();
            throw e;
        }
    }

    /** Starts and stops the control plane with the role. */
    private final class RoleListener implements HeadRole.Listener {
        @Override
        public void activate() {
            List<AutoCloseable> started = new ArrayList<>();
            try {
                ServiceController services = ServiceController.start(ignite);
                started.add(services);
                JobManager jobs = JobManager.install(ignite, jobSettings, new JobServices(services));
                started.add(jobs);
                RepairCoordinator weightRepair = RepairCoordinator.start(ignite);
                started.add(weightRepair);
                HeadControlPlane control = HeadControlPlane.register(ignite, services, jobs);
                started.add(control);
                // Drops what an outside client shipped when it leaves.
                ClientCodeJanitor clientCode = ClientCodeJanitor.start(ignite, services);
                started.add(clientCode);
                Autoscaler autoscaler = Autoscaler.start(ignite, services);
                plane = new ControlPlane(services, jobs, weightRepair, control, clientCode, autoscaler);
            } catch (RuntimeException e) {
                for (int i = started.size() - 1; i >= 0; i--) {
                    closeQuietly(started.get(i));
                }
                throw e;
            }
            startComponents();
        }

        @Override
        public void holding() {
            startComponents();
        }

        @Override
        public void deactivate(String why) {
            stopComponents();
            ControlPlane p = plane;
            plane = null;
            if (p != null) {
                closeQuietly(p.autoscaler());
                closeQuietly(p.clientCode());
                closeQuietly(p.control());
                closeQuietly(p.weightRepair());
                closeQuietly(p.jobs());
                closeQuietly(p.services());
            }
        }
    }

    /**
     * Runs {@code component} while this head is the active one: at once if it is (a failure to start is thrown, and
     * the component is dropped), else when it takes over (a failure to start then is logged and tried again at the
     * next role evaluation); closed when the head stops acting.
     */
    public synchronized void whileActive(String name, ActiveComponent component) {
        if (plane != null) {
            try {
                runningComponents.put(name, component.start(ignite, this));
            } catch (Exception e) {
                throw e instanceof RuntimeException re
                        ? re
                        : new AnvilException("head component " + name + " failed to start: " + e.getMessage(), e);
            }
        }
        components.put(name, component);
    }

    private synchronized void startComponents() {
        for (Map.Entry<String, ActiveComponent> c : components.entrySet()) {
            if (runningComponents.containsKey(c.getKey())) {
                continue;
            }
            try {
                runningComponents.put(c.getKey(), c.getValue().start(ignite, this));
            } catch (Exception e) {
                LOG.warn("head component {} failed to start; tried again shortly", c.getKey(), e);
            }
        }
    }

    private synchronized void stopComponents() {
        List<String> names = new ArrayList<>(runningComponents.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            closeQuietly(runningComponents.remove(names.get(i)));
        }
    }

    /** Whether this head is the active one (runs the control plane) now. */
    public boolean isActive() {
        return plane != null;
    }

    /** The head's service controller (placement, health, restarts); only while it is the active head. */
    public ServiceController services() {
        return active().services();
    }

    /** The head's autoscaler (each autoscaled service's {@code AutoscaleState}); only while it is the active head. */
    public Autoscaler autoscaler() {
        return active().autoscaler();
    }

    /** The head's Ignite node. */
    public Ignite ignite() {
        return ignite;
    }

    /** The head's job manager; only while it is the active head. */
    public JobManager jobs() {
        return active().jobs();
    }

    /** The head's weight repair; only while it is the active head. */
    public RepairCoordinator weightRepair() {
        return active().weightRepair();
    }

    private ControlPlane active() {
        ControlPlane p = plane;
        if (p == null) {
            throw new IllegalStateException("this head stands by: it runs no control plane [node=" + ignite.name()
                    + ", activeHead="
                    + ActiveHead.node(ignite).map(ClusterNode::consistentId).orElse(null) + "]");
        }
        return p;
    }

    @Override
    public void close() {
        HeadRole r = role;
        if (r != null) {
            r.close(); // deactivates: components and control plane stop
        }
        drivers.close();
        ignite.close();
    }

    private static void closeQuietly(AutoCloseable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("closing {} failed", c.getClass().getSimpleName(), e);
        }
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
