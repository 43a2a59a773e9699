package dev.anvil.internal.weights;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drops old weight versions after a push, off the pusher's path: a push returns once its version is committed, and
 * a scan of the manifests plus the removal of a whole version would otherwise add tens of milliseconds to every
 * push. Requests for the same store coalesce: at most one run waits while another runs.
 */
final class Retention {
    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final ExecutorService RUNNER = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "anvil-weights-retention");
        t.setDaemon(true);
        return t;
    });
    /**
     * One pending flag per store name and retention setting in a process: handles of one store with the same setting
     * share a run; a handle with another setting gets its own.
     */
    private static final Map<String, AtomicBoolean> PENDING = new ConcurrentHashMap<>();

    private final String store;
    private final AtomicBoolean pending;
    private final Runnable apply;

    private Retention(String store, AtomicBoolean pending, Runnable apply) {
        this.store = store;
        this.pending = pending;
        this.apply = apply;
    }

    static Retention forStore(String store, int retainVersions, Runnable apply) {
        return new Retention(
                store, PENDING.computeIfAbsent(store + "#" + retainVersions, s -> new AtomicBoolean()), apply);
    }

    /** Asks for a run; returns at once. */
    void request() {
        if (pending.compareAndSet(false, true)) {
            RUNNER.execute(() -> {
                pending.set(false);
                try {
                    apply.run();
                } catch (RuntimeException e) {
                    // The next push asks again; versions beyond retention only cost memory meanwhile.
                    LOG.warn(
                            "weight store retention failed, retried after the next push [store={}]: {}",
                            store,
                            e.getMessage());
                }
            });
        }
    }
}
