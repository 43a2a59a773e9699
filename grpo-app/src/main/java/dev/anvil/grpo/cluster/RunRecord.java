package dev.anvil.grpo.cluster;

import dev.anvil.grpo.eval.EvalResult;
import dev.anvil.grpo.metrics.MetricsWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a run has measured so far: the per-step metrics, each also appended to {@code metrics.jsonl} as it comes so
 * a crashed run keeps its history, and the first and latest validation evaluations.
 */
final class RunRecord implements AutoCloseable {

    private final MetricsWriter out;
    private final List<ClusterStepMetrics> history = new ArrayList<>();
    private EvalResult initial;
    private EvalResult last;

    /**
     * Opens (and truncates) the metrics file.
     *
     * @param metricsFile the JSON lines file
     * @throws IOException if it cannot be created
     */
    RunRecord(Path metricsFile) throws IOException {
        this.out = new MetricsWriter(metricsFile);
    }

    /**
     * Records the evaluation of the base weights as step 0.
     *
     * @param base validation evaluation before any training
     */
    void begin(EvalResult base) {
        initial = base;
        last = base;
        add(ClusterStepMetrics.beforeTraining(base.accuracy()));
    }

    /**
     * Records a step and appends it to the metrics file.
     *
     * @param step the step's metrics
     */
    void add(ClusterStepMetrics step) {
        history.add(step);
        out.write(step);
    }

    /**
     * Records a validation evaluation as the latest.
     *
     * @param result the evaluation
     */
    void evaluated(EvalResult result) {
        last = result;
    }

    /** @return the evaluation of the base weights */
    EvalResult initial() {
        return initial;
    }

    /** @return the latest evaluation */
    EvalResult last() {
        return last;
    }

    /** @return the metrics so far, step 0 first */
    List<ClusterStepMetrics> history() {
        return history;
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
