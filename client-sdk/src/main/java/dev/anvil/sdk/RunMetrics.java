package dev.anvil.sdk;

import java.util.Map;

/**
 * A run's progress, published to the cluster: a training loop records its step figures (reward, held-out accuracy,
 * tokens per second) and the head shows them on its dashboard (a plot per figure) and at {@code /metrics} (the latest
 * value as gauge {@code anvil_run_metric{run, metric}}).
 *
 * <pre>{@code
 * RunMetrics progress = anvil.runMetrics("grpo");
 * progress.record(step, Map.of("reward", 0.62, "tokens_per_s", 1830.0));
 * }</pre>
 *
 * <p>The cluster keeps the newest {@link #KEPT_STEPS} steps of each run. Recording never blocks the loop on the
 * dashboard and never fails it: a figure that cannot be stored is dropped (logged at debug level).
 */
public interface RunMetrics {
    /** Steps kept per run; older steps are dropped as new ones come. */
    int KEPT_STEPS = 1_000;
    /** Most figures one step may carry. */
    int MAX_FIGURES = 16;

    /** The run's name. */
    String run();

    /**
     * Records the figures of {@code step}; recording a step again replaces it.
     *
     * @throws IllegalArgumentException when a figure's name is not 1-64 letters, digits, '_', '.' or '-', or
     *     {@code values} is empty or holds more than {@link #MAX_FIGURES} figures
     */
    void record(long step, Map<String, Double> values);
}
