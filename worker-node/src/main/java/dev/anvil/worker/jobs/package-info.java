/**
 * Running submitted programs on a node (the head, or a worker when the driver needs GPUs):
 * {@link dev.anvil.worker.jobs.DriverLauncher} (one child JVM per driver, found in the node-local map),
 * {@link dev.anvil.worker.jobs.DriverMain} (the driver JVM's entry point), the tasks the head sends
 * ({@link dev.anvil.worker.jobs.LaunchDriverTask}, {@link dev.anvil.worker.jobs.StopDriverTask}), the driver's output
 * ({@link dev.anvil.worker.jobs.LogSink}), the write side of the job caches ({@link dev.anvil.worker.jobs.JobStore}),
 * and {@link dev.anvil.worker.jobs.JobClassLoaders}, which loads the actor classes of a job's replicas from its jar.
 * Accepting and placing jobs is {@code dev.anvil.head.jobs}; the client side is {@code dev.anvil.internal.jobs}.
 */
package dev.anvil.worker.jobs;
