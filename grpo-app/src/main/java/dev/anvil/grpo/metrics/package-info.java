/**
 * Run outputs: per-step metrics as JSON lines ({@link dev.anvil.grpo.metrics.MetricsWriter}) and the reward and
 * validation accuracy plot ({@link dev.anvil.grpo.metrics.PlotWriter}).
 */
package dev.anvil.grpo.metrics;
