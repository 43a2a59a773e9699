/**
 * The client side of jobs (submitted programs): {@link dev.anvil.internal.jobs.ClusterJobClient}, the
 * {@code JobClient} (submit and stop go to the head through {@code dev.anvil.internal.control}, everything else reads
 * the caches); {@link dev.anvil.internal.jobs.JobRecords}, the read side of the job caches ({@code anvil-jobs},
 * {@code anvil-job-files}, {@code anvil-job-logs}); {@link dev.anvil.internal.jobs.JobRecord}, one job as stored
 * (JSON); and {@link dev.anvil.internal.jobs.JobContext}, the job a driver JVM runs, which services spawned there
 * carry. The write side and the driver launcher are in {@code dev.anvil.worker.jobs}, the head's job manager in
 * {@code dev.anvil.head.jobs}.
 */
package dev.anvil.internal.jobs;
