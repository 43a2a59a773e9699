package dev.anvil.internal.state;

import dev.anvil.sdk.RunMetrics;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link RunMetrics} over the {@link RunPoints#CACHE} cache: one asynchronous put per step (a training step is seconds
 * long, so this costs nothing measurable), and the step {@link #KEPT_STEPS} back removed with it.
 */
public final class ClusterRunMetrics implements RunMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRunMetrics.class);
    private static final String NAME = "[A-Za-z0-9._-]{1,100}";
    private static final String FIGURE = "[A-Za-z0-9_.-]{1,64}";

    private final Ignite ignite;
    private final String run;
    private volatile IgniteCache<String, RunPoint> cache;

    /**
     * @throws IllegalArgumentException when {@code run} is not a valid name
     */
    public ClusterRunMetrics(Ignite ignite, String run) {
        if (run == null || !run.matches(NAME)) {
            throw new IllegalArgumentException(
                    "run name must be 1-100 letters, digits, '.', '_' or '-' [run=" + run + "]");
        }
        this.ignite = ignite;
        this.run = run;
    }

    @Override
    public String run() {
        return run;
    }

    @Override
    public void record(long step, Map<String, Double> values) {
        if (values == null || values.isEmpty() || values.size() > MAX_FIGURES) {
            throw new IllegalArgumentException("a step records 1-" + MAX_FIGURES + " figures [run=" + run + ", figures="
                    + (values == null ? 0 : values.size()) + "]");
        }
        for (Map.Entry<String, Double> e : values.entrySet()) {
            if (e.getKey() == null || !e.getKey().matches(FIGURE) || e.getValue() == null) {
                throw new IllegalArgumentException(
                        "a figure needs a name of 1-64 letters, digits, '_', '.' or '-' and a value [run=" + run
                                + ", figure=" + e.getKey() + ", value=" + e.getValue() + "]");
            }
        }
        try {
            IgniteCache<String, RunPoint> c = cache();
            c.putAsync(RunPoints.key(run, step), new RunPoint(run, step, System.currentTimeMillis(), values))
                    .listen(f -> logFailure(f::get));
            if (step >= KEPT_STEPS) {
                c.removeAsync(RunPoints.key(run, step - KEPT_STEPS)).listen(f -> logFailure(f::get));
            }
        } catch (RuntimeException e) {
            LOG.debug("run metrics dropped [run={}, step={}]", run, step, e);
        }
    }

    private IgniteCache<String, RunPoint> cache() {
        IgniteCache<String, RunPoint> c = cache;
        if (c == null) {
            c = ignite.getOrCreateCache(RunPoints.config());
            cache = c;
        }
        return c;
    }

    private void logFailure(Runnable get) {
        try {
            get.run();
        } catch (RuntimeException e) {
            LOG.debug("run metrics dropped [run={}]", run, e);
        }
    }
}
