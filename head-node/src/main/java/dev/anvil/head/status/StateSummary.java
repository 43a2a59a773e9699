package dev.anvil.head.status;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;

/**
 * Replay buffers, weight stores and run progress, as the dashboard ({@code /api/state}) and {@code /metrics} show them.
 *
 * @param buffers replay buffers by name
 * @param stores weight stores by name
 * @param runs runs that published progress ({@code anvil.runMetrics(run)}), by name
 */
public record StateSummary(List<Buffer> buffers, List<Store> stores, List<Run> runs) {

    public StateSummary {
        buffers = List.copyOf(buffers);
        stores = List.copyOf(stores);
        runs = List.copyOf(runs);
    }

    /** Nothing: the state could not be read. */
    public static final StateSummary EMPTY = new StateSummary(List.of(), List.of(), List.of());

    /**
     * One replay buffer.
     *
     * @param name its name
     * @param size entries it holds now
     * @param adds entries added since the cluster started
     * @param samples batches sampled
     * @param evictions entries evicted (too old for the policy, or beyond {@code maxBufferSize})
     */
    public record Buffer(String name, long size, long adds, long samples, long evictions) {}

    /**
     * One weight store.
     *
     * @param name its name
     * @param latestVersion newest committed version, -1 when none
     * @param versions committed versions kept
     * @param latestBytes bytes of the newest version
     * @param push durations of pushes
     * @param pull durations of pulls
     */
    public record Store(
            String name, long latestVersion, int versions, long latestBytes, Durations push, Durations pull) {}

    /**
     * A duration histogram.
     *
     * @param count observations
     * @param sumSeconds their sum
     * @param buckets observations per bucket of {@code StateStats.DURATION_BOUNDS_SECONDS}, then above; not cumulative
     */
    public record Durations(
            long count, double sumSeconds, @JsonIgnore long[] buckets) {
        /** Mean duration in milliseconds, 0 when none. */
        @com.fasterxml.jackson.annotation.JsonProperty("meanMs")
        public double meanMs() {
            return count == 0 ? 0 : sumSeconds * 1000 / count;
        }
    }

    /**
     * One run's progress.
     *
     * @param name the run
     * @param points its steps, oldest first
     */
    public record Run(String name, List<Point> points) {}

    /**
     * One step of a run.
     *
     * @param step the step
     * @param recordedAt epoch millis
     * @param values its figures
     */
    public record Point(long step, long recordedAt, Map<String, Double> values) {}
}
