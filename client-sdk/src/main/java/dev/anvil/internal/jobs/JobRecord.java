package dev.anvil.internal.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobState;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

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
        return with(d -> d.node(nodeId, nodeName, driverGpus));
    }

    /** This job allowed {@code n} restarts of its driver. */
    public JobRecord withMaxRestarts(int n) {
        return with(d -> d.maxRestarts = n);
    }

    /** This job with its driver to be started again on another node, for the reason {@code why}. */
    public JobRecord restarted(String newNodeId, String newNodeName, List<Integer> driverGpus, String why) {
        return with(d -> {
            d.state = JobState.PENDING;
            d.node(newNodeId, newNodeName, driverGpus);
            d.message = why;
            d.restarts++;
        });
    }

    /** This job with its driver started. */
    public JobRecord running() {
        return with(d -> {
            d.state = JobState.RUNNING;
            d.startedAt = System.currentTimeMillis();
        });
    }

    /** This job with a stop asked for. */
    public JobRecord stopping() {
        return with(d -> d.stopRequested = true);
    }

    /** This job ended in {@code end}. */
    public JobRecord ended(JobState end, Integer code, String why) {
        return with(d -> {
            d.state = end;
            d.endedAt = System.currentTimeMillis();
            d.exitCode = code;
            d.message = why;
        });
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

    /** This record with what {@code change} sets on a draft of it; each transition above names only what it changes. */
    private JobRecord with(Consumer<Draft> change) {
        Draft d = new Draft(this);
        change.accept(d);
        return d.toRecord();
    }

    /**
     * The fields a job's life changes (state, node, times, outcome, restarts), open for one transition to set. What
     * the submission fixed (id, main class, arguments, sizes, GPUs asked for, submission time) is copied unchanged.
     */
    private static final class Draft {
        private final JobRecord from;
        JobState state;
        String nodeId;
        String nodeName;
        List<Integer> gpus;
        long startedAt;
        long endedAt;
        Integer exitCode;
        String message;
        boolean stopRequested;
        int maxRestarts;
        int restarts;

        Draft(JobRecord from) {
            this.from = from;
            this.state = from.state;
            this.nodeId = from.nodeId;
            this.nodeName = from.nodeName;
            this.gpus = from.gpus;
            this.startedAt = from.startedAt;
            this.endedAt = from.endedAt;
            this.exitCode = from.exitCode;
            this.message = from.message;
            this.stopRequested = from.stopRequested;
            this.maxRestarts = from.maxRestarts;
            this.restarts = from.restarts;
        }

        /** The node running the driver and the GPUs of it reserved for the driver. */
        void node(String id, String name, List<Integer> driverGpus) {
            nodeId = id;
            nodeName = name;
            gpus = driverGpus;
        }

        JobRecord toRecord() {
            return new JobRecord(
                    from.id,
                    state,
                    from.mainClass,
                    from.args,
                    from.jarSize,
                    from.configSize,
                    from.entrypointGpus,
                    nodeId,
                    nodeName,
                    gpus,
                    from.submittedAt,
                    startedAt,
                    endedAt,
                    exitCode,
                    message,
                    stopRequested,
                    maxRestarts,
                    restarts);
        }
    }
}
