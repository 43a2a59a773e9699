package dev.anvil.head.status;

import dev.anvil.internal.control.ActiveHead;
import dev.anvil.internal.node.IgniteConfigFactory;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.worker.blobs.BlobUsage;
import dev.anvil.worker.blobs.BlobUsageTask;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.lang.IgniteFuture;
import org.apache.ignite.spi.discovery.tcp.internal.TcpDiscoveryNode;

/**
 * Takes a {@link ClusterStatus} snapshot from any node of the cluster: nodes and resources from the topology and the
 * node attributes, what each data node's blob holder keeps from a {@link BlobUsageTask} on it, services and jobs from
 * the service and job caches ({@link ServicesSection}, {@link JobsSection}).
 */
public final class StatusCollector {
    /** Ignite's own attribute holding the instance name. */
    private static final String ATTR_INSTANCE_NAME = "org.apache.ignite.ignite.name";
    /** How long a status waits for a node's blob usage: a busy or dying node must not hold up the whole status. */
    private static final long BLOB_USAGE_TIMEOUT_MS = 3_000;

    private final Function<Ignite, List<ServiceSummary>> serviceSection;
    private final Function<Ignite, List<JobSummary>> jobSection;

    /** A collector reading services and jobs from the cluster's caches. */
    public StatusCollector() {
        this(ServicesSection::services, JobsSection::jobs);
    }

    /** A collector with other readers of the services and jobs sections (tests: a section that fails). */
    public StatusCollector(
            Function<Ignite, List<ServiceSummary>> serviceSection, Function<Ignite, List<JobSummary>> jobSection) {
        this.serviceSection = serviceSection;
        this.jobSection = jobSection;
    }

    /** One section of the status; empty, with a warning, when it cannot be read (a status never fails whole). */
    private static <T> List<T> section(
            String what, Function<Ignite, List<T>> reader, Ignite ignite, List<String> warnings) {
        try {
            return reader.apply(ignite);
        } catch (RuntimeException e) {
            warnings.add(what + " unavailable: " + e.getMessage());
            return List.of();
        }
    }

    /** Takes a snapshot through {@code ignite}. */
    public ClusterStatus collect(Ignite ignite) {
        long now = System.currentTimeMillis();
        List<String> warnings = new ArrayList<>();
        List<ServiceSummary> services = section("services", serviceSection, ignite, warnings);
        List<JobSummary> jobs = section("jobs", jobSection, ignite, warnings);
        Map<String, int[]> used = usedPerNode(services);
        Map<UUID, BlobStatus> blobs = blobUsage(ignite, warnings);

        List<NodeStatus> nodes = new ArrayList<>();
        int clients = 0;
        for (ClusterNode n : ignite.cluster().nodes()) {
            if (Boolean.TRUE.equals(n.attribute(NodeAttributes.INSECURE))) {
                warnings.add(InsecureNodes.warning(n));
            }
            if (n.isClient()) {
                clients++;
                continue;
            }
            nodes.add(node(n, now, used.getOrDefault(n.id().toString(), new int[2]), blobs.get(n.id())));
        }
        nodes.sort(
                Comparator.comparing((NodeStatus n) -> !n.role().equals("head")).thenComparing(NodeStatus::name));
        int gpus = 0;
        int gpusUsed = 0;
        int cpus = 0;
        int cpusUsed = 0;
        long memory = 0;
        for (NodeStatus n : nodes) {
            gpus += n.gpus().size();
            gpusUsed += n.gpusUsed();
            cpus += n.cpus();
            cpusUsed += n.cpusUsed();
            memory += n.memoryBytes();
        }
        return new ClusterStatus(
                now,
                ignite.cluster().topologyVersion(),
                nodes,
                clients,
                new ResourceTotals(gpus, gpusUsed, cpus, cpusUsed, memory),
                services,
                jobs,
                warnings,
                ActiveHead.node(ignite)
                        .map(n -> String.valueOf((Object) n.attribute(ATTR_INSTANCE_NAME)))
                        .orElse(null));
    }

    private static NodeStatus node(ClusterNode n, long now, int[] used, BlobStatus blobs) {
        Map<String, Object> attrs = n.attributes();
        NodeResources res = NodeResources.fromAttributes(attrs);
        Object role = attrs.get(NodeAttributes.ROLE);
        Object name = attrs.get(ATTR_INSTANCE_NAME);
        long startedAt = attrs.get(NodeAttributes.STARTED_AT) instanceof Number s ? s.longValue() : 0L;
        long pid = attrs.get(NodeAttributes.PID) instanceof Number p ? p.longValue() : -1L;
        Object blobAddress = attrs.get(NodeAttributes.BLOB_ADDRESS);
        return new NodeStatus(
                n.id().toString(),
                name == null ? "" : name.toString(),
                role == null ? "unknown" : role.toString(),
                address(n),
                pid,
                startedAt,
                startedAt > 0 ? Math.max(0, now - startedAt) : 0,
                res.gpus(),
                used[0],
                res.cpus(),
                used[1],
                res.memoryBytes(),
                blobAddress == null ? null : blobAddress.toString(),
                blobs);
    }

    /**
     * Asks every server node with a blob holder, all at once, what it keeps; a node that fails or does not answer in
     * {@link #BLOB_USAGE_TIMEOUT_MS} gets a warning instead. Runs on the control executor so that replicas keeping the
     * public pool busy do not delay it.
     */
    private static Map<UUID, BlobStatus> blobUsage(Ignite ignite, List<String> warnings) {
        Map<ClusterNode, IgniteFuture<BlobUsage>> pending = new LinkedHashMap<>();
        for (ClusterNode n : ignite.cluster()
                .forServers()
                .forAttribute(NodeAttributes.BLOB_ADDRESS, null)
                .nodes()) {
            try {
                pending.put(
                        n,
                        ignite.compute(ignite.cluster().forNodeId(n.id()))
                                .withExecutor(IgniteConfigFactory.CONTROL_EXECUTOR)
                                .withNoFailover()
                                .withTimeout(BLOB_USAGE_TIMEOUT_MS)
                                .callAsync(new BlobUsageTask()));
            } catch (IgniteException e) {
                warnings.add(blobWarning(n, e));
            }
        }
        Map<UUID, BlobStatus> usage = new HashMap<>();
        for (Map.Entry<ClusterNode, IgniteFuture<BlobUsage>> e : pending.entrySet()) {
            try {
                BlobUsage u = e.getValue().get(BLOB_USAGE_TIMEOUT_MS + 1_000);
                if (u != null) {
                    usage.put(e.getKey().id(), BlobStatus.of(u));
                }
            } catch (IgniteException ex) {
                e.getValue().cancel();
                warnings.add(blobWarning(e.getKey(), ex));
            }
        }
        return usage;
    }

    private static String blobWarning(ClusterNode n, IgniteException e) {
        Object name = n.attribute(ATTR_INSTANCE_NAME);
        return "blob usage unavailable: "
                + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + " [node="
                + (name == null ? n.id() : name) + "]";
    }

    private static String address(ClusterNode n) {
        String host = n.addresses().stream().findFirst().orElse("?");
        if (n instanceof TcpDiscoveryNode tcp) {
            return host + ":" + tcp.discoveryPort();
        }
        return host;
    }

    /** GPUs and CPUs held per node id by replicas that are not stopped. */
    private static Map<String, int[]> usedPerNode(List<ServiceSummary> services) {
        Map<String, int[]> used = new HashMap<>();
        for (ServiceSummary s : services) {
            for (ReplicaSummary r : s.replicas()) {
                if ("STOPPED".equals(r.state())) {
                    continue;
                }
                for (ReplicaSummary.RankSummary rank : r.ranks()) {
                    int[] u = used.computeIfAbsent(rank.nodeId(), k -> new int[2]);
                    u[0] += rank.gpuIndices().size();
                    u[1] += rank.cpus();
                }
            }
        }
        return used;
    }
}
