package dev.anvil.internal.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.configuration.CacheConfiguration;

/** The cache of runs' progress points, keyed {@code run#step}; read by the head's dashboard and metrics. */
public final class RunPoints {
    /** The cache's name. */
    public static final String CACHE = "anvil-run-metrics";

    private RunPoints() {}

    static CacheConfiguration<String, RunPoint> config() {
        return StateCaches.recordsConfig(CACHE);
    }

    static String key(String run, long step) {
        return run + "#" + step;
    }

    /** Every run's points, by run name, each run's oldest step first; empty while no run recorded anything. */
    public static Map<String, List<RunPoint>> read(Ignite ignite) {
        Map<String, List<RunPoint>> runs = new TreeMap<>();
        if (!ignite.cacheNames().contains(CACHE)) {
            return runs;
        }
        IgniteCache<String, RunPoint> cache = ignite.cache(CACHE);
        for (Cache.Entry<String, RunPoint> e : cache) {
            runs.computeIfAbsent(e.getValue().run(), r -> new ArrayList<>()).add(e.getValue());
        }
        runs.values().forEach(points -> points.sort(Comparator.comparingLong(RunPoint::step)));
        return runs;
    }
}
