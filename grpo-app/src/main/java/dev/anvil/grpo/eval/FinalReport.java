package dev.anvil.grpo.eval;

import dev.anvil.grpo.config.DatasetConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The end of a run: the base and final checkpoints evaluated on the validation split and, once, on the test split.
 *
 * <p>The test split is read here and nowhere else in a run, after every choice (learning rates, steps, what the
 * in-training evaluations showed) has been made on validation; its figures are only reported. Validation honours
 * {@code dataset.validation_limit} as the in-training evaluations do; test is always evaluated whole.
 *
 * <pre>{@code
 * FinalReport r = FinalReport.evaluate(cfg.dataset(), cfg.maxResTokens(),
 *         List.of(new FinalReport.Entry("warm start", warm), new FinalReport.Entry("after GRPO", last)));
 * System.out.print(r.render());
 * }</pre>
 */
public final class FinalReport {

    /**
     * A checkpoint to report.
     *
     * @param name what it is, e.g. {@code warm start}
     * @param checkpoint its directory
     */
    public record Entry(String name, Path checkpoint) {}

    /**
     * One reported checkpoint.
     *
     * @param entry the checkpoint
     * @param validation its validation accuracy
     * @param test its test accuracy, or null when no test split is configured
     */
    public record Row(Entry entry, SplitResult validation, SplitResult test) {}

    private final List<Row> rows;

    /**
     * Creates a report from results already measured.
     *
     * @param rows the checkpoints, first (base) to last (final)
     */
    public FinalReport(List<Row> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("a final report needs at least one checkpoint");
        }
        this.rows = List.copyOf(rows);
    }

    /**
     * Evaluates each checkpoint on validation and test.
     *
     * @param ds where the splits are
     * @param maxTokens response token budget
     * @param entries the checkpoints, base first
     * @return the report
     * @throws IOException if a checkpoint or split cannot be read
     */
    public static FinalReport evaluate(DatasetConfig ds, int maxTokens, List<Entry> entries) throws IOException {
        List<EvalCommand.SplitSpec> splits = EvalCommand.SplitSpec.of(ds);
        List<Row> rows = new ArrayList<>();
        for (Entry e : entries) {
            List<SplitResult> results = EvalCommand.evaluate(e.checkpoint(), splits, maxTokens, 0, 1.0);
            rows.add(new Row(e, results.get(0), results.size() > 1 ? results.get(1) : null));
        }
        return new FinalReport(rows);
    }

    /** @return the rows, base first */
    public List<Row> rows() {
        return rows;
    }

    /** @return the test accuracy of the last checkpoint, or NaN without a test split */
    public double finalTestAccuracy() {
        Row last = rows.get(rows.size() - 1);
        return last.test() == null ? Double.NaN : last.test().greedy().accuracy();
    }

    /** @return the report's lines: a heading, one line per checkpoint and the change from first to last */
    public String render() {
        StringBuilder out = new StringBuilder(
                "final evaluation (every choice was made on val; test is evaluated here, once, and only reported):\n");
        int nameWidth =
                rows.stream().mapToInt(r -> r.entry().name().length()).max().orElse(0);
        for (Row r : rows) {
            out.append(String.format(
                    "  %-" + nameWidth + "s  %-22s  %-20s  %s%n",
                    r.entry().name(),
                    r.validation().brief(),
                    r.test() == null ? "test -" : r.test().brief(),
                    r.entry().checkpoint()));
        }
        Row first = rows.get(0);
        Row last = rows.get(rows.size() - 1);
        if (last.test() == null) {
            out.append("no test split configured (dataset.test): only validation figures above\n");
        }
        if (rows.size() > 1) {
            if (last.test() != null && first.test() != null) {
                out.append(change("test", first.test(), last.test())).append("; ");
            }
            out.append(change("val", first.validation(), last.validation())).append('\n');
        }
        return out.toString();
    }

    private static String change(String label, SplitResult from, SplitResult to) {
        double a = from.greedy().accuracy();
        double b = to.greedy().accuracy();
        return String.format("%s accuracy %.1f%% -> %.1f%% (%+.1f points)", label, 100 * a, 100 * b, 100 * (b - a));
    }
}
