package dev.anvil.internal.weights;

import dev.anvil.internal.state.StateCaches;
import dev.anvil.sdk.StateUnavailableException;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteException;

/** Opens weight stores by name; every process opening a name sees the same versions. */
public final class WeightStores {
    private static final String PREFIX = "anvil-weights-";

    private WeightStores() {
    }

    /** Opens (creating when needed) the store {@code name}. */
    public static WeightStore open(Ignite ignite, String name, WeightStoreConfig cfg) {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new IllegalArgumentException("weight store name must be 1-100 letters, digits, '.', '_' or '-' [name="
                    + name + "]");
        }
        if (cfg == null) {
            throw new IllegalArgumentException("weight store config is required [name=" + name + ", config=null]");
        }
        try {
            return new IgniteWeightStore(name, cfg, ignite,
                    ignite.getOrCreateCache(StateCaches.<Long, Manifest>recordsConfig(PREFIX + name + "-manifests")),
                    ignite.getOrCreateCache(StateCaches.<ChunkKey, byte[]>config(PREFIX + name + "-chunks")));
        } catch (IgniteException | javax.cache.CacheException e) {
            throw new StateUnavailableException("cannot open weight store: " + e.getMessage() + " [name=" + name + "]", e);
        }
    }
}
