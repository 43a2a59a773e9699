package dev.anvil.head.status;

/**
 * One submitted job as {@code anvil status} shows it.
 *
 * @param id the job id
 * @param state PENDING, RUNNING, SUCCEEDED, FAILED or STOPPED
 * @param mainClass the driver's main class
 * @param submittedAt epoch millis of the submission
 */
public record JobSummary(String id, String state, String mainClass, long submittedAt) {}
