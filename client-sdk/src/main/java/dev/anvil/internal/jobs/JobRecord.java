package dev.anvil.internal.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobState;
import java.time.Instant;
import java.util.List;

/**
 * One job as the cluster stores it (JSON in the {@link JobRecords#RECORDS} cache). Stored as JSON rather than as an
 * object because Ignite 2.17's binary marshaller cannot write Java records, and JSON keeps readers on other versions
 * working.
 *
 * @param id job id
 * @param state current state
 * @param mainClass driver main class
 * @param args driver arguments
 * @param jarSize bytes of the jar, stored in chunks
 * @param configSize bytes of the config file, or -1 when none was shipped
 * @param entrypointGpus GPUs the driver asked for
 * @param nodeId id of the node running the driver, or {@code null}
 * @param nodeName name of that node, or {@code null}
 * @param gpus GPU indices of that node reserved for the driver
 * @param submittedAt epoch millis
 * @param startedAt epoch millis, 0 before the driver started
 * @param endedAt epoch millis, 0 while the job has not ended
 * @param exitCode driver exit code, or {@code null}
 * @param message why it failed or was stopped, or {@code null}
 * @param stopRequested whether {@code stop} was asked, so the driver's exit counts as STOPPED
 * @param maxRestarts how many times the driver may be started again when the node running it leaves the cluster
 * @param restarts how many times it was
 */
public record JobRecord(
        String id,
        JobState state,
        String mainClass,
        List<String> args,
        long jarSize,
        long configSize,
        int entrypointGpus,
        String nodeId,
        String nodeName,
        List<Integer> gpus,
        long submittedAt,
        long startedAt,
        long endedAt,
        Integer exitCode,
        String message,
        boolean stopRequested,
        int maxRestarts,
        int restarts) {

    private static final ObjectMapper JSON =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public JobRecord {
        args = args == null ? List.of() : List.copyOf(args);
        gpus = gpus == null ? List.of() : List.copyOf(gpus);
    }

    /** A freshly accepted job. */
    public static JobRecord pending(
            String id, String mainClass, List<String> args, long jarSize, long configSize, int entrypointGpus) {
        return new JobRecord(
                id,
                JobState.PENDING,
                mainClass,
                args,
                jarSize,
                configSize,
                entrypointGpus,
                null,
                null,
                List.of(),
                System.currentTimeMillis(),
                0,
                0,
                null,
                null,
                false,
                0,
                0);
    }

    /** This job placed on a node, with GPUs {@code driverGpus} of it. */
    public JobRecord placed(String nodeId, String nodeName, List<Integer> driverGpus) {
        return new JobRecord(
                id,
                state,
                mainClass,
                args,
                jarSize,
                configSize,
                entrypointGpus,
                nodeId,
                nodeName,
                driverGpus,
                submittedAt,
                startedAt,
                endedAt,
                exitCode,
                message,
                stopRequested,
                maxRestarts,
                restarts);
    }

    /** This job allowed {@code n} restarts of its driver. */
    public JobRecord withMaxRestarts(int n) {
        return new JobRecord(
                id,
                state,
                mainClass,
                args,
                jarSize,
                configSize,
                entrypointGpus,
                nodeId,
                nodeName,
                gpus,
                submittedAt,
                startedAt,
                endedAt,
                exitCode,
                message,
                stopRequested,
                n,
                restarts);
    }

    /** This job with its driver to be started again on another node, for the reason {@code why}. */
    public JobRecord restarted(String newNodeId, String newNodeName, List<Integer> driverGpus, String why) {
        return new JobRecord(
                id,
                JobState.PENDING,
                mainClass,
                args,
                jarSize,
                configSize,
                entrypointGpus,
                newNodeId,
                newNodeName,
                driverGpus,
                submittedAt,
                startedAt,
                endedAt,
                exitCode,
                why,
                stopRequested,
                maxRestarts,
                restarts + 1);
    }

    /** This job with its driver started. */
    public JobRecord running() {
        return new JobRecord(
                id,
                JobState.RUNNING,
                mainClass,
                args,
                jarSize,
                configSize,
                entrypointGpus,
                nodeId,
                nodeName,
                gpus,
                submittedAt,
                System.currentTimeMillis(),
                endedAt,
                exitCode,
                message,
                stopRequested,
                maxRestarts,
                restarts);
    }

    /** This job with a stop asked for. */
    public JobRecord stopping() {
        return new JobRecord(
                id,
                state,
                mainClass,
                args,
                jarSize,
                configSize,
                entrypointGpus,
                nodeId,
                nodeName,
                gpus,
                submittedAt,
                startedAt,
                endedAt,
                exitCode,
                message,
                true,
                maxRestarts,
                restarts);
    }

    /** This job ended in {@code end}. */
    public JobRecord ended(JobState end, Integer code, String why) {
        return new JobRecord(
                id,
                end,
                mainClass,
                args,
                jarSize,
                configSize,
                entrypointGpus,
                nodeId,
                nodeName,
                gpus,
                submittedAt,
                startedAt,
                System.currentTimeMillis(),
                code,
                why,
                stopRequested,
                maxRestarts,
                restarts);
    }

    /** The public view, with the services the job owns now. */
    public JobInfo toInfo(List<String> services) {
        return new JobInfo(
                id,
                state,
                mainClass,
                nodeName,
                instant(submittedAt),
                instant(startedAt),
                instant(endedAt),
                exitCode,
                services,
                message);
    }

    /** JSON form, as stored. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write job record [id=" + id + "]", e);
        }
    }

    /** Reads the stored JSON form. */
    public static JobRecord fromJson(String json) {
        try {
            return JSON.readValue(json, JobRecord.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable job record [json=" + json + "]", e);
        }
    }

    private static Instant instant(long millis) {
        return millis == 0 ? null : Instant.ofEpochMilli(millis);
    }
}
