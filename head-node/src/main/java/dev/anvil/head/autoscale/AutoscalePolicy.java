package dev.anvil.head.autoscale;

/**
 * Ray Serve's autoscaling decision for one service, pure: the replicas the load asks for are {@code ceil(total ongoing
 * and queued calls / targetOngoingRequests)}, clamped to {@code [min, max]}; the target moves up to it only after the
 * load asked for more for {@code upscaleDelayMs} without a break, and down only after it asked for fewer for
 * {@code downscaleDelayMs}. Time is passed in, so the policy is tested without waiting.
 */
public final class AutoscalePolicy {
    private final int min;
    private final int max;
    private final double targetOngoingRequests;
    private final long upscaleDelayMs;
    private final long downscaleDelayMs;

    private int target;
    private int wanted;
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
    }

    /**
     * Takes in the load at {@code nowMs} and returns the target number of replicas.
     *
     * @param totalLoad ongoing plus queued calls summed over the service's replicas
     */
    public int decide(double totalLoad, long nowMs) {
        int unclamped = (int) Math.min(Integer.MAX_VALUE, Math.ceil(Math.max(0, totalLoad) / targetOngoingRequests));
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
