package dev.anvil.sdk;

import java.io.Serializable;
import java.time.Duration;

/**
 * How the head scales a service's replicas with its load (Ray Serve's policy and defaults): it adds a replica while the
 * mean of ongoing plus queued calls per replica stays above {@link #targetOngoingRequests()} for
 * {@link #upscaleDelay()}, and drains and removes one while it stays below for {@link #downscaleDelay()}, never outside
 * {@code [min, max]} and never beyond the GPUs and workers the cluster has. Immutable; every setter validates and
 * returns a copy.
 *
 * <pre>{@code
 * anvil.options(Policy.class)
 *         .autoscale(Autoscale.between(1, 8).targetOngoingRequests(2)
 *                 .upscaleDelay(Duration.ofSeconds(30)).downscaleDelay(Duration.ofMinutes(10)))
 *         .asService(cfg);
 * }</pre>
 */
public final class Autoscale implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Ray Serve's {@code target_ongoing_requests} default. */
    public static final double DEFAULT_TARGET = 2;
    /** Ray Serve's {@code upscale_delay_s} default. */
    public static final Duration DEFAULT_UPSCALE_DELAY = Duration.ofSeconds(30);
    /** Ray Serve's {@code downscale_delay_s} default. */
    public static final Duration DEFAULT_DOWNSCALE_DELAY = Duration.ofSeconds(600);

    private final int min;
    private final int max;
    private final double targetOngoingRequests;
    private final Duration upscaleDelay;
    private final Duration downscaleDelay;

    private Autoscale(int min, int max, double target, Duration up, Duration down) {
        this.min = min;
        this.max = max;
        this.targetOngoingRequests = target;
        this.upscaleDelay = up;
        this.downscaleDelay = down;
    }

    /**
     * Between {@code min} and {@code max} replicas (the service starts with {@code min}), with Ray Serve's defaults:
     * target 2 ongoing requests per replica, up after 30 s, down after 600 s.
     *
     * @throws IllegalArgumentException when {@code min < 1} (a service needs a replica to route a call to, so
     *     scaling to zero is not offered) or {@code min > max}
     */
    public static Autoscale between(int min, int max) {
        if (min < 1) {
            throw new IllegalArgumentException("autoscale min must be >= 1: a call needs a replica to go to, so a"
                    + " service does not scale to zero [min=" + min + ", max=" + max + "]");
        }
        if (min > max) {
            throw new IllegalArgumentException("autoscale min must be <= max [min=" + min + ", max=" + max + "]");
        }
        return new Autoscale(min, max, DEFAULT_TARGET, DEFAULT_UPSCALE_DELAY, DEFAULT_DOWNSCALE_DELAY);
    }

    /** Mean ongoing plus queued calls per replica the head keeps the service at. Default 2. */
    public Autoscale targetOngoingRequests(double target) {
        if (!(target > 0) || Double.isInfinite(target)) {
            throw new IllegalArgumentException(
                    "autoscale targetOngoingRequests must be > 0 [targetOngoingRequests=" + target + "]");
        }
        return new Autoscale(min, max, target, upscaleDelay, downscaleDelay);
    }

    /** How long the load must stay above the target before a replica is added. Default 30 s. */
    public Autoscale upscaleDelay(Duration delay) {
        return new Autoscale(min, max, targetOngoingRequests, positive(delay, "upscaleDelay"), downscaleDelay);
    }

    /** How long the load must stay below the target before a replica is drained and removed. Default 600 s. */
    public Autoscale downscaleDelay(Duration delay) {
        return new Autoscale(min, max, targetOngoingRequests, upscaleDelay, positive(delay, "downscaleDelay"));
    }

    private static Duration positive(Duration d, String key) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(
                    "autoscale " + key + " must be a positive duration [" + key + "=" + d + "]");
        }
        return d;
    }

    /** The fewest replicas. */
    public int min() {
        return min;
    }

    /** The most replicas. */
    public int max() {
        return max;
    }

    /** See {@link #targetOngoingRequests(double)}. */
    public double targetOngoingRequests() {
        return targetOngoingRequests;
    }

    /** See {@link #upscaleDelay(Duration)}. */
    public Duration upscaleDelay() {
        return upscaleDelay;
    }

    /** See {@link #downscaleDelay(Duration)}. */
    public Duration downscaleDelay() {
        return downscaleDelay;
    }

    @Override
    public String toString() {
        return "Autoscale[min=" + min + ", max=" + max + ", targetOngoingRequests=" + targetOngoingRequests
                + ", upscaleDelay=" + upscaleDelay + ", downscaleDelay=" + downscaleDelay + "]";
    }
}
