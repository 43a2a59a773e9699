package dev.anvil.internal.replay;

import dev.anvil.internal.state.StateCaches;
import dev.anvil.internal.state.StateStats;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.ReplayBufferMismatchException;
import dev.anvil.sdk.StateUnavailableException;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteAtomicSequence;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.IgniteException;
import org.apache.ignite.configuration.AtomicConfiguration;

/**
 * Opens replay buffers by name. The first process to open a name registers its element type and configuration;
 * opening the name again with anything else fails before touching the buffer.
 */
public final class ReplayBuffers {
    /** Cache of buffer name to descriptor (element type and configuration). */
    static final String REGISTRY = "anvil-replay-registry";
    /** Cache of buffer name to the number of draws its sampler made (an ATOMIC invoke is cheaper than an atomic long). */
    static final String DRAWS = "anvil-replay-draws";

    private static final String CACHE_PREFIX = "anvil-replay-";
    /** Sequence numbers are reserved in blocks, so most adds do not touch the sequence's node. */
    private static final int SEQ_RESERVE = 1_000;

    private ReplayBuffers() {}

    /** The name of the buffer whose entries cache is {@code cacheName}. */
    static String bufferName(String cacheName) {
        return cacheName.startsWith(CACHE_PREFIX) ? cacheName.substring(CACHE_PREFIX.length()) : cacheName;
    }

    /** The names of the buffers opened in the cluster {@code ignite} belongs to, with their descriptors. */
    public static java.util.Map<String, String> registered(Ignite ignite) {
        java.util.Map<String, String> out = new java.util.TreeMap<>();
        if (ignite.cacheNames().contains(REGISTRY)) {
            IgniteCache<String, String> registry = ignite.cache(REGISTRY);
            registry.forEach(e -> out.put(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Entries held by buffer {@code name} now (primary copies), or -1 when its cache is not there. */
    public static long size(Ignite ignite, String name) {
        IgniteCache<?, ?> cache = ignite.cache(CACHE_PREFIX + name);
        return cache == null ? -1 : cache.sizeLong(org.apache.ignite.cache.CachePeekMode.PRIMARY);
    }

    /**
     * Opens (creating when needed) the buffer {@code name}.
     *
     * @throws ReplayBufferMismatchException when the name is in use with another element type or configuration
     * @throws dev.anvil.sdk.ElementNotStorableException when the element type cannot be serialized
     */
    public static <E> ReplayBuffer<E> open(Ignite ignite, String name, Class<E> elementType, ReplayBufferConfig cfg) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException(
                    "replay buffer name must be 1-100 letters, digits, '.', '_' or '-' [name=" + name + "]");
        }
        if (cfg == null) {
            throw new IllegalArgumentException("replay buffer config is required [name=" + name + ", config=null]");
        }
        ElementCodec<E> codec = ElementCodec.forType(elementType);
        String descriptor = "type=" + elementType.getName() + ", " + cfg;
        try {
            IgniteCache<String, String> registry =
                    ignite.getOrCreateCache(StateCaches.<String, String>recordsConfig(REGISTRY));
            StateStats.ensure(ignite);
            String existing = registry.getAndPutIfAbsent(name, descriptor);
            if (existing != null && !existing.equals(descriptor)) {
                throw new ReplayBufferMismatchException(name, existing, descriptor);
            }
            IgniteCache<ReplayKey, ReplayEntry> cache =
                    ignite.getOrCreateCache(StateCaches.<ReplayKey, ReplayEntry>config(CACHE_PREFIX + name));
            AtomicConfiguration atomics =
                    new AtomicConfiguration().setBackups(1).setAtomicSequenceReserveSize(SEQ_RESERVE);
            IgniteAtomicSequence seq = ignite.atomicSequence(CACHE_PREFIX + name + "-seq", atomics, 0, true);
            IgniteCache<String, Long> draws = ignite.getOrCreateCache(StateCaches.<String, Long>recordsConfig(DRAWS));
            return new IgniteReplayBuffer<>(ignite, name, descriptor, cfg, codec, cache, seq, draws);
        } catch (IgniteException | javax.cache.CacheException e) {
            throw new StateUnavailableException(
                    "cannot open replay buffer: " + e.getMessage() + " [name=" + name + "]", e);
        }
    }
}
