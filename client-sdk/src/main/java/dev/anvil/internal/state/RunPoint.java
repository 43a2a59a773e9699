package dev.anvil.internal.state;

import java.util.LinkedHashMap;
import java.util.Map;

/** One step of a run's progress, as {@link ClusterRunMetrics} stores it (cache {@link RunPoints#CACHE}). */
public final class RunPoint {
    private final String run;
    private final long step;
    private final long recordedAt;
    private final LinkedHashMap<String, Double> values;

    /** Creates a point; {@code values} is copied. */
    public RunPoint(String run, long step, long recordedAt, Map<String, Double> values) {
        this.run = run;
        this.step = step;
        this.recordedAt = recordedAt;
        this.values = new LinkedHashMap<>(values);
    }

    public String run() {
        return run;
    }

    public long step() {
        return step;
    }

    /** Epoch millis when it was recorded. */
    public long recordedAt() {
        return recordedAt;
    }

    public Map<String, Double> values() {
        return Map.copyOf(values);
    }
}
