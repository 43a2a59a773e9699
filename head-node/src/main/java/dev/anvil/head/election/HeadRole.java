package dev.anvil.head.election;

import dev.anvil.internal.control.ActiveHead;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteState;
import org.apache.ignite.Ignition;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The head role of one head node: held while this node is the oldest live head of the cluster
 * ({@link ActiveHead}), as Ignite's discovery decides it, the same answer on every node. Exactly one head holds the
 * role at a time: a head that dies leaves the topology and the next-oldest head takes the role; a head that leaves
 * the cluster (segmented, stopping) gives it up.
 *
 * <p>The role is evaluated on every topology change (a node left or failed) and, as a safety net for a node whose
 * own Ignite stops under it, once a second. Both run on one thread, so {@link Listener#activate()} and
 * {@link Listener#deactivate(String)} never overlap. An activation that fails is retried at the next evaluation.
 */
public final class HeadRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadRole.class);
    private static final long RECHECK_MS = 1_000;

    /** What the head does when it gains or loses the role. */
    public interface Listener {
        /** This head is now the active one: start acting (throwing leaves the role unheld, to be tried again). */
        void activate();

        /** This head is no longer the active one: stop acting. */
        void deactivate(String why);

        /** This head still holds the role (called at every evaluation): a chance to retry what failed to start. */
        default void holding() {}
    }

    private final Ignite ignite;
    private final UUID self;
    private final Listener listener;
    private final ScheduledExecutorService thread;
    private final IgnitePredicate<Event> topologyChanged;
    private volatile boolean active;
    private volatile boolean closed;
    private volatile long activatedAt;
    /** Whether the first evaluation (at start) is done: a role gained later is a takeover, worth a warning. */
    private volatile boolean evaluatedOnce;

    private HeadRole(Ignite ignite, Listener listener) {
        this.ignite = ignite;
        this.self = ignite.cluster().localNode().id();
        this.listener = listener;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "anvil-head-role");
            t.setDaemon(true);
            return t;
        });
        this.topologyChanged = evt -> {
            thread.execute(this::evaluate);
            return true;
        };
    }

    /**
     * Starts following the role of the head {@code ignite}; {@code listener} hears when it is gained and lost. When
     * this head is the active one already, it is activated before this returns.
     */
    public static HeadRole start(Ignite ignite, Listener listener) {
        HeadRole role = new HeadRole(ignite, listener);
        ignite.events().localListen(role.topologyChanged, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
        try {
            role.thread.submit(role::evaluate).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("head role: first evaluation failed", e.getCause());
        }
        role.thread.scheduleWithFixedDelay(role::evaluate, RECHECK_MS, RECHECK_MS, TimeUnit.MILLISECONDS);
        return role;
    }

    /** Whether this head holds the role now. */
    public boolean isActive() {
        return active;
    }

    /** Epoch millis when this head last became the active one (0 when never). */
    public long activatedAt() {
        return activatedAt;
    }

    private void evaluate() {
        try {
            boolean mine = !closed && Ignition.state(ignite.name()) == IgniteState.STARTED && holdsRole();
            if (mine && !active) {
                long t0 = System.nanoTime();
                try {
                    listener.activate();
                    active = true;
                    activatedAt = System.currentTimeMillis();
                    // At start, becoming active is the normal case (the start line says so); later it is a takeover.
                    if (evaluatedOnce) {
                        LOG.warn(
                                "this head is now the active head: control plane started in {} ms [node={}]",
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                                ignite.name());
                    } else {
                        LOG.info(
                                "this head is the active head: control plane started in {} ms [node={}]",
                                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0),
                                ignite.name());
                    }
                } catch (RuntimeException e) {
                    LOG.warn("head role: activation failed, retried in {} ms", RECHECK_MS, e);
                    listener.deactivate("activation failed");
                }
            } else if (mine) {
                listener.holding();
            } else if (active) {
                active = false;
                String why = closed ? "head stopping" : "another head holds the role or this node left the cluster";
                if (closed) { // stopping on purpose: the node's stop line says so
                    LOG.info("this head is no longer the active head: {} [node={}]", why, ignite.name());
                } else {
                    LOG.warn("this head is no longer the active head: {} [node={}]", why, ignite.name());
                }
                listener.deactivate(why);
            }
        } catch (RuntimeException e) {
            LOG.debug("head role: evaluation failed", e);
        } finally {
            evaluatedOnce = true;
        }
    }

    private boolean holdsRole() {
        try {
            return ActiveHead.isActive(ignite, self);
        } catch (RuntimeException e) {
            return false; // a node that cannot read its own topology is not fit to act
        }
    }

    /** Gives the role up (the listener is deactivated) and stops following it. */
    @Override
    public void close() {
        closed = true;
        try {
            ignite.events().stopLocalListen(topologyChanged);
        } catch (RuntimeException e) {
            // the node is stopping
        }
        try {
            thread.submit(this::evaluate).get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.debug("head role: final evaluation failed", e);
        }
        thread.shutdownNow();
    }
}
