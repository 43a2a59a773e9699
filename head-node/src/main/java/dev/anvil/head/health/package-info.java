/**
 * The active health probe: {@link dev.anvil.head.health.HealthMonitor} sends a {@code ProbeTask} every
 * {@code healthCheckPeriod} to each worker hosting replicas, on the {@code anvil-control} executor, and reports
 * unhealthy ranks, unresponsive workers and load figures to the service controller.
 */
package dev.anvil.head.health;
