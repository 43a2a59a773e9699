package dev.anvil.head.weights;

import dev.anvil.internal.weights.Manifest;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import javax.cache.processor.MutableEntry;
import org.apache.ignite.cache.CacheEntryProcessor;

/**
 * Records a repair in a committed manifest, where it lives: each listed chunk gets its new holders if its holders are
 * still the ones the repair started from. Returns the manifest after the change, or {@code null} when the version is no
 * longer committed (dropped meanwhile): the repairer removes each copy the result does not name. (The manifest, not
 * its holder array: Ignite returns a bare {@code UUID[][]} as an {@code Object[]}.)
 */
final class RepairHolders implements CacheEntryProcessor<Long, Manifest, Manifest> {
    private static final long serialVersionUID = 1L;

    /** Holders each repaired chunk had when the repair read the manifest, by flat chunk index. */
    private final Map<Integer, UUID[]> before;
    /** Holders each repaired chunk has now, by flat chunk index. */
    private final Map<Integer, UUID[]> after;

    RepairHolders(Map<Integer, UUID[]> before, Map<Integer, UUID[]> after) {
        this.before = before;
        this.after = after;
    }

    @Override
    public Manifest process(MutableEntry<Long, Manifest> e, Object... args) {
        Manifest m = e.getValue();
        if (m == null || !m.committed()) {
            return null;
        }
        UUID[][] holders = m.holders().clone();
        boolean changed = false;
        for (Map.Entry<Integer, UUID[]> c : after.entrySet()) {
            int i = c.getKey();
            if (Arrays.equals(holders[i], before.get(i))) {
                holders[i] = c.getValue();
                changed = true;
            }
        }
        if (!changed) {
            return m;
        }
        Manifest repaired = m.withHolders(holders);
        e.setValue(repaired);
        return repaired;
    }
}
