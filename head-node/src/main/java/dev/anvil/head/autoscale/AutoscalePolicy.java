package dev.anvil.head.autoscale;

import java.util.ArrayDeque;

/**
 * Ray Serve's autoscaling decision for one service, pure: the load is the mean of the samples (total ongoing and queued
 * calls) of a look-back window (Ray's {@code look_back_period_s}: 30 s, shorter when a delay is shorter), so a load
 * that comes and goes between samples still counts; the replicas it asks for are {@code ceil(mean load /
 * targetOngoingRequests)}, clamped to {@code [min, max]}; the target moves up to it only after the load asked for more
 * for {@code upscaleDelayMs} without a break, and down only after it asked for fewer for {@code downscaleDelayMs}. Time
 * is passed in, so the policy is tested without waiting.
 */
public final class AutoscalePolicy {
    private final int min;
    private final int max;
    private final double targetOngoingRequests;
    private final long upscaleDelayMs;
    private final long downscaleDelayMs;

    /** Ray Serve's default look-back period. */
    static final long MAX_LOOK_BACK_MS = 30_000;

    private final long lookBackMs;
    private final ArrayDeque<double[]> samples = new ArrayDeque<>();
    private double windowSum;
    private int target;
    private int wanted;
    private double lastMeanLoad;
    private long aboveSinceMs = -1;
    private long belowSinceMs = -1;

    /** A policy starting at {@code min} replicas. */
    public AutoscalePolicy(int min, int max, double targetOngoingRequests, long upscaleDelayMs, long downscaleDelayMs) {
        if (min < 1 || min > max || !(targetOngoingRequests > 0) || upscaleDelayMs <= 0 || downscaleDelayMs <= 0) {
            throw new IllegalArgumentException("bad autoscale policy [min=" + min + ", max=" + max + ", target="
                    + targetOngoingRequests + ", upscaleDelayMs=" + upscaleDelayMs + ", downscaleDelayMs="
                    + downscaleDelayMs + "]");
        }
        this.min = min;
        this.max = max;
        this.targetOngoingRequests = targetOngoingRequests;
        this.upscaleDelayMs = upscaleDelayMs;
        this.downscaleDelayMs = downscaleDelayMs;
        this.target = min;
        this.wanted = min;
        this.lookBackMs = Math.min(MAX_LOOK_BACK_MS, Math.min(upscaleDelayMs, downscaleDelayMs));
    }

    /** Adds a sample and returns the mean load of the look-back window. */
    private double meanLoad(double load, long nowMs) {
        samples.addLast(new double[] {nowMs, load});
        windowSum += load;
        while (samples.size() > 1 && nowMs - (long) samples.peekFirst()[0] >= lookBackMs) {
            windowSum -= samples.removeFirst()[1];
        }
        return windowSum / samples.size();
    }

    /**
     * Takes in the load at {@code nowMs} (times must not go back) and returns the target number of replicas.
     *
     * @param totalLoad ongoing plus queued calls summed over the service's replicas
     */
    public int decide(double totalLoad, long nowMs) {
        double load = meanLoad(Math.max(0, totalLoad), nowMs);
        lastMeanLoad = load;
        int unclamped = (int) Math.min(Integer.MAX_VALUE, Math.ceil(load / targetOngoingRequests - 1e-9));
        wanted = unclamped;
        int want = Math.max(min, Math.min(max, unclamped));
        if (want > target) {
            belowSinceMs = -1;
            if (aboveSinceMs < 0) {
                aboveSinceMs = nowMs;
            }
            if (nowMs - aboveSinceMs >= upscaleDelayMs) {
                target = want;
                aboveSinceMs = -1;
            }
        } else if (want < target) {
            aboveSinceMs = -1;
            if (belowSinceMs < 0) {
                belowSinceMs = nowMs;
            }
            if (nowMs - belowSinceMs >= downscaleDelayMs) {
                target = want;
                belowSinceMs = -1;
            }
        } else {
            aboveSinceMs = -1;
            belowSinceMs = -1;
        }
        return target;
    }

    /** The mean load of the look-back window at the last decision. */
    public double meanLoad() {
        return lastMeanLoad;
    }

    /** The current target. */
    public int target() {
        return target;
    }

    /** The replicas the last load asked for before clamping to {@code [min, max]}. */
    public int wanted() {
        return wanted;
    }

    public int min() {
        return min;
    }

    public int max() {
        return max;
    }

    public double targetOngoingRequests() {
        return targetOngoingRequests;
    }
}
