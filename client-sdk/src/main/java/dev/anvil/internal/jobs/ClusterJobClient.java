package dev.anvil.internal.jobs;

import dev.anvil.internal.control.HeadClient;
import dev.anvil.internal.control.HeadTask;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.internal.registry.ServiceSpec;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.JobInfo;
import dev.anvil.sdk.JobSpec;
import dev.anvil.sdk.JobState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import javax.cache.Cache;
import org.apache.ignite.Ignite;

/** The {@link JobClient} implementation: requests that change jobs go to the head, reads go to the caches. */
public final class ClusterJobClient implements JobClient {
    /** Exit code reported for a stopped job, as a process killed by SIGTERM. */
    public static final int STOPPED_EXIT_CODE = 143;

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final Ignite ignite;
    private final String token;
    private final Runnable onClose;
    private final JobRecords store;
    private final HeadClient head;

    /**
     * A job client talking through {@code ignite}.
     *
     * @param token the head's token, or {@code null} for none
     * @param onClose what closing the client stops (its own client node), or nothing
     */
    public ClusterJobClient(Ignite ignite, String token, Runnable onClose) {
        this.ignite = ignite;
        this.token = token == null || token.isBlank() ? null : token.trim();
        this.onClose = onClose;
        this.store = new JobRecords(ignite);
        this.head = new HeadClient(ignite);
    }

    @Override
    public String submit(JobSpec spec) {
        byte[] jar = read(spec.jar());
        byte[] config = spec.config().map(ClusterJobClient::read).orElse(null);
        return call(HeadTask.submitJob(
                token,
                jar,
                spec.mainClass().orElse(null),
                spec.args(),
                config,
                spec.entrypointGpus(),
                spec.maxRestarts()));
    }

    @Override
    public JobState status(String id) {
        return store.get(id).state();
    }

    @Override
    public JobInfo info(String id) {
        JobRecord rec = store.get(id);
        return rec.toInfo(servicesByJob().getOrDefault(id, List.of()));
    }

    /** The services each job owns, from the service specs the head keeps (tagged with the spawning job). */
    private Map<String, List<String>> servicesByJob() {
        Map<String, List<String>> out = new HashMap<>();
        for (Cache.Entry<String, ServiceSpec> e : ServiceCaches.services(ignite)) {
            String job = e.getValue().jobId();
            if (job != null) {
                out.computeIfAbsent(job, k -> new ArrayList<>()).add(e.getKey());
            }
        }
        out.values().forEach(l -> l.sort(null));
        return out;
    }

    @Override
    public String logs(String id) {
        store.get(id);
        return store.readLog(id, 0).text();
    }

    @Override
    public int follow(String id, Consumer<String> sink) {
        long seq = 0;
        while (true) {
            // Read the state before the log: output written before the job ended is then always read below.
            JobRecord rec = store.get(id);
            JobRecords.LogSlice slice = store.readLog(id, seq);
            if (!slice.text().isEmpty()) {
                sink.accept(slice.text());
            }
            seq = slice.nextSeq();
            if (rec.state().isTerminal()) {
                return exitCode(rec);
            }
            LockSupport.parkNanos(POLL_NANOS);
            if (Thread.currentThread().isInterrupted()) {
                throw new AnvilException("interrupted while following job [id=" + id + "]");
            }
        }
    }

    @Override
    public JobInfo awaitEnd(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JobRecord rec = store.get(id);
            if (rec.state().isTerminal() || System.nanoTime() >= deadline) {
                return info(id);
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
    }

    /** The exit code a follower reports for an ended job. */
    static int exitCode(JobRecord rec) {
        if (rec.exitCode() != null) {
            return rec.exitCode();
        }
        return rec.state() == JobState.STOPPED ? STOPPED_EXIT_CODE : rec.state() == JobState.SUCCEEDED ? 0 : 1;
    }

    @Override
    public void stop(String id) {
        call(HeadTask.stopJob(token, id));
    }

    @Override
    public List<JobInfo> list() {
        Map<String, List<String>> owned = servicesByJob();
        return store.list().stream()
                .map(r -> r.toInfo(owned.getOrDefault(r.id(), List.of())))
                .toList();
    }

    @Override
    public void close() {
        onClose.run();
    }

    private String call(HeadTask task) {
        try {
            return head.ask(task).join().value();
        } catch (CompletionException e) {
            if (e.getCause() instanceof AnvilException ae) {
                throw ae;
            }
            throw new AnvilException(
                    "job request to the head failed: " + e.getCause().getMessage() + " [request=" + task + "]",
                    e.getCause());
        }
    }

    private static byte[] read(java.nio.file.Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
