package dev.anvil.head.placement;

import dev.anvil.internal.node.GpuInfo;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.sdk.InsufficientResourcesException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Chooses workers for the ranks of a replica from the resources workers advertise: spreads a replica's ranks over
 * {@code hosts} distinct workers (rank r on the (r mod hosts)-th), prefers the least busy workers, and takes each
 * rank's GPUs from the {@link GpuLedger}.
 */
public final class Placer {
    private final Ignite ignite;
    private final GpuLedger ledger;

    /** Creates a placer over the workers of {@code ignite}'s cluster. */
    public Placer(Ignite ignite, GpuLedger ledger) {
        this.ignite = ignite;
        this.ledger = ledger;
    }

    /** The live workers. */
    public Collection<ClusterNode> workers() {
        return ignite.cluster()
                .forServers()
                .forAttribute(NodeAttributes.ROLE, NodeRole.WORKER.attributeValue())
                .nodes();
    }

    /** GPUs of all live workers that no rank owns. */
    public int freeGpus() {
        int n = 0;
        for (ClusterNode w : workers()) {
            n += ledger.free(w.id(), gpuIndices(w)).size();
        }
        return n;
    }

    /**
     * Fails at once when the cluster cannot hold {@code spec} at all: fewer workers than {@code hosts}, or fewer free
     * GPUs than all its replicas need.
     */
    public void checkCapacity(ServiceSpec spec) {
        int workers = workers().size();
        if (workers < spec.hosts() || workers == 0) {
            throw new InsufficientResourcesException(spec.name(), "workers", Math.max(1, spec.hosts()), workers);
        }
        int asked = spec.numReplicas() * spec.gpusPerReplica();
        int free = freeGpus();
        if (asked > free) {
            throw new InsufficientResourcesException(spec.name(), "gpus", asked, free);
        }
    }

    /**
     * Places the ranks of one replica, taking their GPUs for {@code owner + "/" + rank}.
     *
     * @param avoid workers to leave out if others fit (e.g. the one the replica just failed on)
     * @param busy ranks each worker already hosts, to spread replicas
     * @throws InsufficientResourcesException when no set of workers fits; nothing is taken then
     */
    public List<RankSlot> place(ServiceSpec spec, String owner, Set<UUID> avoid, Map<UUID, Integer> busy) {
        List<RankSlot> slots = tryPlace(spec, owner, avoid, busy);
        if (slots == null && !avoid.isEmpty()) {
            slots = tryPlace(spec, owner, Set.of(), busy);
        }
        if (slots == null) {
            throw new InsufficientResourcesException(
                    spec.name(),
                    spec.withGpus() ? "gpus" : "workers",
                    spec.withGpus() ? spec.gpusPerReplica() : spec.hosts(),
                    spec.withGpus() ? freeGpus() : workers().size());
        }
        return slots;
    }

    private List<RankSlot> tryPlace(ServiceSpec spec, String owner, Set<UUID> avoid, Map<UUID, Integer> busy) {
        int k = spec.hosts();
        int ranksPerHost = (spec.procs() + k - 1) / k;
        int gpusPerHost = spec.withGpus() ? ranksPerHost * spec.gpusPerProc() : 0;
        List<ClusterNode> candidates = new ArrayList<>();
        for (ClusterNode w : workers()) {
            if (!avoid.contains(w.id()) && ledger.free(w.id(), gpuIndices(w)).size() >= gpusPerHost) {
                candidates.add(w);
            }
        }
        if (candidates.size() < k) {
            return null;
        }
        candidates.sort(Comparator.comparingInt((ClusterNode w) -> busy.getOrDefault(w.id(), 0))
                .thenComparing(w -> w.id().toString()));
        List<ClusterNode> hosts = candidates.subList(0, k);
        List<RankSlot> slots = new ArrayList<>();
        for (int r = 0; r < spec.procs(); r++) {
            ClusterNode n = hosts.get(r % k);
            List<Integer> gpus = List.of();
            if (spec.withGpus()) {
                gpus = ledger.take(n.id(), gpuIndices(n), spec.gpusPerProc(), owner + "/" + r);
                if (gpus == null) {
                    ledger.release(owner + "/");
                    return null;
                }
            }
            slots.add(new RankSlot(r, n.id(), gpus));
        }
        return slots;
    }

    private static List<Integer> gpuIndices(ClusterNode n) {
        Map<String, Object> attrs = n.attributes();
        return NodeResources.fromAttributes(attrs).gpus().stream()
                .map(GpuInfo::index)
                .toList();
    }
}
