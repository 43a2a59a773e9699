package dev.anvil.internal.registry;

import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheAtomicityMode;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.configuration.CacheConfiguration;

/** The caches of the service layer; replicated, so every server holds them and a restarted head finds them. */
public final class ServiceCaches {
    /** Replica table: {@link ReplicaRecord#key(String, int)} to {@link ReplicaRecord}. */
    public static final String REPLICAS = "anvil-replicas";
    /** Service specs: service name to {@link ServiceSpec}. */
    public static final String SERVICES = "anvil-services";
    /** Sticky sessions: {@code service/sessionId} to the replica index the session is pinned to. */
    public static final String SESSIONS = "anvil-sessions";

    private ServiceCaches() {}

    /** The replica table. */
    public static IgniteCache<String, ReplicaRecord> replicas(Ignite ignite) {
        return ignite.getOrCreateCache(config(REPLICAS));
    }

    /** The service specs. */
    public static IgniteCache<String, ServiceSpec> services(Ignite ignite) {
        return ignite.getOrCreateCache(config(SERVICES));
    }

    /** The session pinning. */
    public static IgniteCache<String, Integer> sessions(Ignite ignite) {
        return ignite.getOrCreateCache(config(SESSIONS));
    }

    /** Live sticky sessions of {@code service} (opened and not closed), cluster-wide. */
    public static int countSessions(IgniteCache<String, Integer> sessions, String service) {
        String prefix = service + "/";
        int n = 0;
        for (Cache.Entry<String, Integer> e : sessions) {
            if (e.getKey().startsWith(prefix)) {
                n++;
            }
        }
        return n;
    }

    /** The configuration of a replicated service-layer cache named {@code name}. */
    public static <K, V> CacheConfiguration<K, V> config(String name) {
        return new CacheConfiguration<K, V>(name)
                .setCacheMode(CacheMode.REPLICATED)
                .setAtomicityMode(CacheAtomicityMode.ATOMIC)
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }
}
