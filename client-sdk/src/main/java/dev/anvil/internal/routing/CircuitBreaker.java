package dev.anvil.internal.routing;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The circuit breaker of one replica, in one caller: after {@code failures} failed calls in a row the replica is out
 * of routing for a cool-down; then one trial call goes through, whose outcome closes or reopens the breaker.
 */
public final class CircuitBreaker {
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean trialInFlight = new AtomicBoolean();
    private volatile long openUntilNanos;
    private volatile boolean open;

    /** Whether routing may pick the replica now (closed, or cooled down with no trial call running). */
    public boolean routable(long nowNanos) {
        return !open || nowNanos - openUntilNanos >= 0 && !trialInFlight.get();
    }

    /** Takes the right to send a call: always when closed; when half-open only the first asker gets the trial. */
    public boolean acquire(long nowNanos) {
        if (!open) {
            return true;
        }
        return nowNanos - openUntilNanos >= 0 && trialInFlight.compareAndSet(false, true);
    }

    /** Whether the breaker is open (replica out of routing or on trial). */
    public boolean isOpen() {
        return open;
    }

    /**
     * Gives back a trial call that said nothing about the replica's health (it was refused as full, or never sent):
     * the breaker stays as it is and another call may be the trial.
     */
    public void release() {
        trialInFlight.set(false);
    }

    /** Records a successful call: closes the breaker. */
    public void success() {
        consecutiveFailures.set(0);
        open = false;
        trialInFlight.set(false);
    }

    /** Records a failed call; opens the breaker for {@code cooldownNanos} at the {@code threshold}-th in a row. */
    public void failure(int threshold, long cooldownNanos, long nowNanos) {
        int n = consecutiveFailures.incrementAndGet();
        if (open || n >= threshold) {
            openUntilNanos = nowNanos + cooldownNanos;
            open = true;
            trialInFlight.set(false);
        }
    }
}
