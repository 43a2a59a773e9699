package dev.anvil.internal.weights;

import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Un-commits a version where its manifest lives and returns the committed manifest it replaced ({@code null} when the
 * version was not committed). Atomic, so a drop learns every holder a concurrent repair added before it, and a
 * repair that comes after finds the version gone.
 */
final class Uncommit implements CacheEntryProcessor<Long, Manifest, Manifest> {
    private static final long serialVersionUID = 1L;

    @Override
    public Manifest process(MutableEntry<Long, Manifest> e, Object... args) {
        Manifest m = e.getValue();
        if (m == null || !m.committed()) {
            return null;
        }
        e.setValue(m.asPending());
        return m;
    }
}
