package dev.anvil.internal.state;

import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheEntryProcessor;
import org.apache.ignite.configuration.CacheConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster-wide activity counters of the replay buffers and weight stores (adds, samples, evictions; push and pull
 * durations), read by the head's {@code /metrics} and dashboard. Any process adds to them with one asynchronous entry
 * processor, so counting never slows the caller down and never fails it (a lost increment is logged at debug level).
 *
 * <p>Each value is a {@code double[]}: {@code [count, sum, bucket_0 .. bucket_n]}, where the buckets (only for
 * {@link #recordDuration durations}) count observations up to each bound of {@link #DURATION_BOUNDS_SECONDS}, the last
 * one everything above.
 */
public final class StateStats {
    /** The cache's name. */
    public static final String CACHE = "anvil-state-stats";
    /** Upper bounds (seconds) of the duration histograms' buckets; a last bucket takes what is above. */
    public static final double[] DURATION_BOUNDS_SECONDS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60};

    private static final Logger LOG = LoggerFactory.getLogger(StateStats.class);

    private StateStats() {}

    /** The key of figure {@code figure} of replay buffer {@code name} ({@code adds}, {@code samples}, ...). */
    public static String bufferKey(String name, String figure) {
        return "replay/" + name + "/" + figure;
    }

    /** The key of figure {@code figure} of weight store {@code name} ({@code push}, {@code pull}). */
    public static String storeKey(String name, String figure) {
        return "weights/" + name + "/" + figure;
    }

    /** Adds {@code n} to counter {@code key}. */
    public static void count(Ignite ignite, String key, long n) {
        if (n > 0) {
            add(ignite, key, new Add(n, 0, -1));
        }
    }

    /** Records one duration of {@code nanos} under {@code key}. */
    public static void recordDuration(Ignite ignite, String key, long nanos) {
        double seconds = nanos / 1e9;
        int bucket = DURATION_BOUNDS_SECONDS.length;
        for (int i = 0; i < DURATION_BOUNDS_SECONDS.length; i++) {
            if (seconds <= DURATION_BOUNDS_SECONDS[i]) {
                bucket = i;
                break;
            }
        }
        add(ignite, key, new Add(1, seconds, bucket));
    }

    /** Every figure by key; empty while nothing was counted. */
    public static Map<String, double[]> read(Ignite ignite) {
        Map<String, double[]> out = new TreeMap<>();
        if (!ignite.cacheNames().contains(CACHE)) {
            return out;
        }
        IgniteCache<String, double[]> cache = ignite.cache(CACHE);
        for (Cache.Entry<String, double[]> e : cache) {
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * Creates the counters' cache when it is not there yet. Called where a buffer or store is opened (a caller's
     * thread), so that counting, which may run inside a compute job on a data node, never creates a cache.
     */
    public static void ensure(Ignite ignite) {
        if (!ignite.cacheNames().contains(CACHE)) {
            ignite.getOrCreateCache(config());
        }
    }

    private static void add(Ignite ignite, String key, Add add) {
        try {
            IgniteCache<String, double[]> cache = ignite.cache(CACHE);
            if (cache == null) {
                LOG.debug("state figure not counted: no {} cache [key={}]", CACHE, key);
                return;
            }
            cache.invokeAsync(key, add).listen(f -> {
                try {
                    f.get();
                } catch (RuntimeException e) {
                    LOG.debug("state figure not counted [key={}]", key, e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("state figure not counted [key={}]", key, e);
        }
    }

    private static CacheConfiguration<String, double[]> config() {
        return StateCaches.recordsConfig(CACHE);
    }

    /** Adds a count, a sum and (for durations) one observation to a bucket. */
    static final class Add implements CacheEntryProcessor<String, double[], Void> {
        private static final long serialVersionUID = 1L;

        private final long count;
        private final double sum;
        private final int bucket;

        Add(long count, double sum, int bucket) {
            this.count = count;
            this.sum = sum;
            this.bucket = bucket;
        }

        @Override
        public Void process(MutableEntry<String, double[]> entry, Object... args) {
            double[] v = entry.getValue();
            int size = bucket < 0 ? 2 : 2 + DURATION_BOUNDS_SECONDS.length + 1;
            double[] next = new double[Math.max(size, v == null ? 0 : v.length)];
            if (v != null) {
                System.arraycopy(v, 0, next, 0, v.length);
            }
            next[0] += count;
            next[1] += sum;
            if (bucket >= 0) {
                next[2 + bucket] += 1;
            }
            entry.setValue(next);
            return null;
        }
    }
}
