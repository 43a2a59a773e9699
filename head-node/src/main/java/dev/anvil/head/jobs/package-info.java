/**
 * The head's job manager: {@link dev.anvil.head.jobs.JobManager} checks the token and the jar
 * ({@link dev.anvil.head.jobs.JarInspector}, which never runs job code on the head), stores jar, config and record,
 * places the driver ({@link dev.anvil.head.jobs.DriverPlacement}: the head without GPUs, else the worker with the most
 * free GPUs) and has that node's launcher start it, stops jobs, and when a job ends shuts down its services
 * ({@link dev.anvil.head.jobs.JobServices}) and drops its files; {@link dev.anvil.head.jobs.JobSettings} holds the
 * token and jar limit. Drivers run in {@code dev.anvil.worker.jobs}; clients use {@code dev.anvil.internal.jobs}.
 */
package dev.anvil.head.jobs;
