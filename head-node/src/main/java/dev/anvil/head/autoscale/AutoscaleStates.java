package dev.anvil.head.autoscale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.internal.registry.ServiceCaches;
import java.util.Map;
import java.util.TreeMap;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/**
 * The {@code anvil-autoscale} cache: each autoscaled service's {@link AutoscaleState}, written by the head's
 * {@link Autoscaler} and read by {@code anvil status} from any node. Values are JSON: Ignite 2.17's binary marshaller
 * cannot write records.
 */
public final class AutoscaleStates {
    /** The cache name. */
    public static final String CACHE = "anvil-autoscale";

    private static final ObjectMapper JSON = new ObjectMapper();

    private AutoscaleStates() {}

    static IgniteCache<String, String> cache(Ignite ignite) {
        return ignite.getOrCreateCache(ServiceCaches.<String, String>config(CACHE));
    }

    static void write(IgniteCache<String, String> cache, AutoscaleState s) {
        try {
            cache.putAsync(s.service(), JSON.writeValueAsString(s));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write autoscale state [service=" + s.service() + "]", e);
        }
    }

    /** The states of every autoscaled service, by service name; empty when none was ever autoscaled. */
    public static Map<String, AutoscaleState> read(Ignite ignite) {
        Map<String, AutoscaleState> out = new TreeMap<>();
        if (!ignite.cacheNames().contains(CACHE)) {
            return out;
        }
        IgniteCache<String, String> cache = ignite.cache(CACHE);
        for (Cache.Entry<String, String> e : cache) {
            try {
                out.put(e.getKey(), JSON.readValue(e.getValue(), AutoscaleState.class));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException("unreadable autoscale state [service=" + e.getKey() + "]", ex);
            }
        }
        return out;
    }
}
