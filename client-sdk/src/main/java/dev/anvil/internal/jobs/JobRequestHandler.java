package dev.anvil.internal.jobs;

import java.util.List;

/**
 * The head's job manager as {@link JobCall} sees it: registered in the head's node-local map under {@link #KEY}.
 * Every method checks {@code token} first.
 */
public interface JobRequestHandler {
    /** Node-local map key of the head's handler. */
    String KEY = "anvil.jobs.handler";

    /**
     * Accepts a job: checks the jar and main class, stores jar and config, starts the driver.
     *
     * @return the new job id
     */
    String submit(String token, byte[] jar, String mainClass, List<String> args, byte[] config, int entrypointGpus);

    /** Stops job {@code id}'s driver and shuts down its services; returns once the job is STOPPED. */
    void stop(String token, String id);
}
