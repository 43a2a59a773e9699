package dev.anvil.head.status;

import dev.anvil.internal.replay.ReplayBuffers;
import dev.anvil.internal.state.RunPoint;
import dev.anvil.internal.state.RunPoints;
import dev.anvil.internal.state.StateStats;
import dev.anvil.internal.weights.WeightStores;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ignite.Ignite;

/**
 * The distributed-state part of what the head shows (dashboard and {@code /metrics}): replay buffers and weight stores
 * with their activity counters ({@link StateStats}), and the progress of runs ({@link RunPoints}).
 */
public final class StateSection {
    private StateSection() {}

    /** A snapshot of the state of the cluster {@code ignite} belongs to. */
    public static StateSummary collect(Ignite ignite) {
        Map<String, double[]> stats = StateStats.read(ignite);
        List<StateSummary.Buffer> buffers = new ArrayList<>();
        for (String name : ReplayBuffers.registered(ignite).keySet()) {
            buffers.add(new StateSummary.Buffer(
                    name,
                    ReplayBuffers.size(ignite, name),
                    count(stats, StateStats.bufferKey(name, "adds")),
                    count(stats, StateStats.bufferKey(name, "samples")),
                    count(stats, StateStats.bufferKey(name, "evictions"))));
        }
        List<StateSummary.Store> stores = new ArrayList<>();
        for (WeightStores.StoreFigures f : WeightStores.figures(ignite)) {
            stores.add(new StateSummary.Store(
                    f.name(),
                    f.latestVersion(),
                    f.versions(),
                    f.latestBytes(),
                    durations(stats.get(StateStats.storeKey(f.name(), "push"))),
                    durations(stats.get(StateStats.storeKey(f.name(), "pull")))));
        }
        List<StateSummary.Run> runs = new ArrayList<>();
        for (Map.Entry<String, List<RunPoint>> r : RunPoints.read(ignite).entrySet()) {
            List<StateSummary.Point> points = r.getValue().stream()
                    .map(p -> new StateSummary.Point(p.step(), p.recordedAt(), p.values()))
                    .toList();
            runs.add(new StateSummary.Run(r.getKey(), points));
        }
        return new StateSummary(buffers, stores, runs);
    }

    private static long count(Map<String, double[]> stats, String key) {
        double[] v = stats.get(key);
        return v == null ? 0 : (long) v[0];
    }

    private static StateSummary.Durations durations(double[] v) {
        int n = StateStats.DURATION_BOUNDS_SECONDS.length + 1;
        long[] buckets = new long[n];
        if (v == null) {
            return new StateSummary.Durations(0, 0, buckets);
        }
        for (int i = 0; i < n && 2 + i < v.length; i++) {
            buckets[i] = (long) v[2 + i];
        }
        return new StateSummary.Durations((long) v[0], v[1], buckets);
    }
}
