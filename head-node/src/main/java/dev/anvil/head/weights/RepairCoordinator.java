package dev.anvil.head.weights;

import dev.anvil.internal.node.NodeAttributes;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ignite.Ignite;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head's weight repair: runs a {@link WeightRepair} pass when a blob holder leaves or joins, and every
 * {@link #PERIOD_SECONDS} seconds to catch what an event did not (a head that started after the loss, a copy that
 * failed), with a follow-up pass shortly after each event and retries with backoff while passes fail. Passes run one
 * at a time on one thread; requests during a pass coalesce into one more pass. The head sends requests only: the
 * chunks move from a surviving holder to the new one.
 */
public final class RepairCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RepairCoordinator.class);
    /** Period of the pass that catches missed events. */
    static final long PERIOD_SECONDS = 30;
    /** First pause before retrying a pass that failed (the manifest caches may be moving after a node left). */
    private static final long FIRST_RETRY_MS = 250;
    /** Longest pause between retries: the periodic pass's. */
    private static final long MAX_RETRY_MS = PERIOD_SECONDS * 1_000;
    /** Failures in a row before they are worth a warning (one or two are normal while a node leaves). */
    private static final int WARN_AFTER_FAILURES = 5;
    /**
     * A second pass this long after a holder event: a scan during the partition exchange that follows a node leaving
     * may miss manifests without failing.
     */
    private static final long FOLLOW_UP_MS = 5_000;

    private final Ignite ignite;
    private final WeightRepair repair;
    private final ScheduledExecutorService exec;
    private final AtomicBoolean requested = new AtomicBoolean();
    private final IgnitePredicate<DiscoveryEvent> listener;
    private volatile WeightRepair.Report last;
    /** Failed or incomplete passes in a row; touched by the repair thread only. */
    private int failures;

    private RepairCoordinator(Ignite ignite) {
        this.ignite = ignite;
        this.repair = new WeightRepair(ignite);
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anvil-head-weight-repair");
            t.setDaemon(true);
            return t;
        });
        this.listener = evt -> {
            if (evt.eventNode().attribute(NodeAttributes.BLOB_ADDRESS) != null) {
                request();
                later(FOLLOW_UP_MS);
            }
            return true;
        };
    }

    /** Starts repairing on the head {@code ignite}: a pass now, then on holder events and periodically. */
    public static RepairCoordinator start(Ignite ignite) {
        RepairCoordinator c = new RepairCoordinator(ignite);
        ignite.events()
                .localListen(c.listener, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED, EventType.EVT_NODE_JOINED);
        c.exec.scheduleWithFixedDelay(c::request, 0, PERIOD_SECONDS, TimeUnit.SECONDS);
        return c;
    }

    /** Asks for a pass; returns at once. */
    public void request() {
        if (requested.compareAndSet(false, true)) {
            exec.execute(this::pass);
        }
    }

    /** What the last finished pass found and did, or {@code null} before the first. */
    public WeightRepair.Report lastReport() {
        return last;
    }

    private void pass() {
        requested.set(false);
        long start = System.nanoTime();
        try {
            WeightRepair.Report r = repair.repairAll();
            last = r;
            if (r.repaired() > 0 || !r.healthy()) {
                LOG.info(
                        "weight repair pass [versions={}, chunks={}, repaired={}, underReplicated={}, lost={}, ms={}]",
                        r.versions(),
                        r.chunks(),
                        r.repaired(),
                        r.underReplicated(),
                        r.lost(),
                        (System.nanoTime() - start) / 1_000_000);
            }
            if (r.underReplicated() > 0) {
                retryLater(null); // a copy failed: its holders may be busy or on their way out
            } else {
                failures = 0;
            }
        } catch (RuntimeException e) {
            // Typically a scan that met a topology change (the manifests move while a node leaves).
            retryLater(e);
        }
    }

    /** Schedules another pass, backing off while passes keep failing; warns only once failures persist. */
    private void retryLater(RuntimeException e) {
        failures++;
        long delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS << Math.min(failures - 1, 10));
        if (e != null && failures >= WARN_AFTER_FAILURES) {
            LOG.warn(
                    "weight repair pass failed {} times in a row, retried in {} ms: {}", failures, delay, e.toString());
        } else if (e != null) {
            LOG.debug("weight repair pass failed, retried in {} ms: {}", delay, e.toString());
        }
        later(delay);
    }

    private void later(long delayMs) {
        if (!exec.isShutdown()) {
            try {
                exec.schedule(this::request, delayMs, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // closing
            }
        }
    }

    @Override
    public void close() {
        ignite.events().stopLocalListen(listener);
        exec.shutdownNow();
        try {
            exec.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        repair.close();
    }
}
