package dev.anvil.internal.state;

import dev.anvil.internal.node.IgniteConfigFactory;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.configuration.CacheConfiguration;
import org.apache.ignite.lang.IgnitePredicate;

/**
 * Cache settings shared by replay buffers and weight stores: partitioned with one backup (kill -9 of one server loses
 * nothing), in the capped, evicting {@link IgniteConfigFactory#STATE_REGION} (a full buffer never halts a node), on
 * the server nodes other than the head (the head is the control plane, never the data path).
 */
public final class StateCaches {
    /** Partitions per state cache: few, so that scans and broadcasts touch little per node. */
    public static final int PARTITIONS = 64;

    private StateCaches() {}

    /** A state cache configuration named {@code name}. */
    public static <K, V> CacheConfiguration<K, V> config(String name) {
        return new CacheConfiguration<K, V>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(1)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC)
                .setReadFromBackup(true)
                .setDataRegionName(IgniteConfigFactory.STATE_REGION)
                .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS))
                .setNodeFilter(new DataNodes());
    }

    /**
     * A cache for small records that must never be evicted (weight manifests, the replay-buffer registry): same
     * placement and backups, but in the default region, which does not evict. Page eviction drops random pages, and a
     * lost commit record would make a whole weight version vanish.
     */
    public static <K, V> CacheConfiguration<K, V> recordsConfig(String name) {
        return StateCaches.<K, V>config(name).setDataRegionName(null);
    }

    /** Server nodes that hold state: every server node except the head. */
    public static final class DataNodes implements IgnitePredicate<ClusterNode> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean apply(ClusterNode node) {
            return !node.isClient() && !NodeRole.HEAD.attributeValue().equals(node.attribute(NodeAttributes.ROLE));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof DataNodes;
        }

        @Override
        public int hashCode() {
            return DataNodes.class.hashCode();
        }
    }
}
