package dev.anvil.grpo.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Draws rollout reward and validation accuracy over GRPO steps into a PNG with XChart. */
public final class PlotWriter {

    private static final Logger LOG = LoggerFactory.getLogger(PlotWriter.class);

    private PlotWriter() {}

    /**
     * Writes the plot, unless this host cannot draw: a Java runtime whose AWT lacks the system font libraries it
     * loads (a GPU host's minimal image had no libharfbuzz) gets one log line instead of a failed run, since
     * {@code metrics.jsonl} holds the same figures.
     *
     * @param history the steps, in order
     * @param file the PNG to write (the {@code .png} suffix is added by XChart if missing)
     * @return whether the plot was drawn
     * @throws IOException if writing fails
     */
    public static boolean write(List<StepMetrics> history, Path file) throws IOException {
        try {
            draw(history, file);
            return true;
        } catch (LinkageError | java.awt.AWTError e) {
            LOG.warn("no plot {}: this Java runtime cannot draw here [cause={}]", file, e.toString());
            return false;
        }
    }

    private static void draw(List<StepMetrics> history, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder()
                .width(900)
                .height(500)
                .title("GRPO: reward and validation accuracy")
                .xAxisTitle("step")
                .yAxisTitle("value")
                .build();
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        List<Double> rx = new ArrayList<>();
        List<Double> ry = new ArrayList<>();
        List<Double> ax = new ArrayList<>();
        List<Double> ay = new ArrayList<>();
        for (StepMetrics m : history) {
            if (m.step() > 0) {
                rx.add((double) m.step());
                ry.add(m.rewardMean());
            }
            if (!Double.isNaN(m.valAccuracy())) {
                ax.add((double) m.step());
                ay.add(m.valAccuracy());
            }
        }
        if (!rx.isEmpty()) {
            chart.addSeries("rollout reward (mean)", rx, ry).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        if (!ax.isEmpty()) {
            chart.addSeries("validation accuracy (greedy)", ax, ay)
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
    }
}
