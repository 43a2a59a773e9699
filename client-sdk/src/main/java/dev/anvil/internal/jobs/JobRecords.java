package dev.anvil.internal.jobs;

import dev.anvil.sdk.JobException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The cluster's memory of jobs as a reader sees it: their records and their logs, in Ignite caches with one backup
 * each, so a job's record and output outlive the node that ran it. Clients read here; the head and the workers write
 * through the server side's job store.
 *
 * <p>Keys are strings ({@code id}, {@code id/jar/3}, {@code id/log/17}) so any node reads them without the job's
 * classes.
 */
public final class JobRecords {
    /** Job id to {@link JobRecord} JSON. */
    public static final String RECORDS = "anvil-jobs";
    /** {@code id/kind/chunk} to bytes. */
    public static final String FILES = "anvil-job-files";
    /** {@code id/log/seq} to a piece of the driver's output. */
    public static final String LOGS = "anvil-job-logs";
    /** Partitions of each job cache. */
    static final int PARTITIONS = 32;

    private final IgniteCache<String, String> records;
    private final IgniteCache<String, String> logs;

    /** Opens (creating when needed) the job caches through {@code ignite}. */
    public JobRecords(Ignite ignite) {
        this.records = ignite.getOrCreateCache(cacheConfig(RECORDS));
        this.logs = ignite.getOrCreateCache(cacheConfig(LOGS));
    }

    /** The configuration of job cache {@code name}: every process that opens one uses this. */
    public static <V> CacheConfiguration<String, V> cacheConfig(String name) {
        return new CacheConfiguration<String, V>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                // Two backups: records and logs must outlive two server nodes lost in a row (a head and a standby, or
                // two workers) before Ignite has rebalanced; they are small, so three copies cost little.
                .setBackups(2)
                // Few partitions: each one costs pages of its own, and Ignite's default 1024 per cache would take
                // megabytes of a small capped region (a full region halts the node) for a few hundred entries.
                .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS))
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    /** The record of {@code id}, if any. */
    public Optional<JobRecord> find(String id) {
        String json = records.get(id);
        return json == null ? Optional.empty() : Optional.of(JobRecord.fromJson(json));
    }

    /** The record of {@code id}; {@link JobException} with reason NOT_FOUND when there is none. */
    public JobRecord get(String id) {
        return find(id).orElseThrow(() -> notFound(id));
    }

    /** A NOT_FOUND error for {@code id}. */
    public static JobException notFound(String id) {
        return new JobException(JobException.Reason.NOT_FOUND, id, "no such job [id=" + id + "]");
    }

    /** Every job, oldest first. */
    public List<JobRecord> list() {
        List<JobRecord> out = new ArrayList<>();
        try (var cursor = records.query(new ScanQuery<String, String>())) {
            for (Cache.Entry<String, String> e : cursor) {
                out.add(JobRecord.fromJson(e.getValue()));
            }
        }
        out.sort((a, b) -> Long.compare(a.submittedAt(), b.submittedAt()));
        return out;
    }

    /**
     * Reads job {@code id}'s output from piece {@code fromSeq} on.
     *
     * @return the text and the sequence number to read from next time
     */
    public LogSlice readLog(String id, long fromSeq) {
        StringBuilder sb = new StringBuilder();
        long seq = fromSeq;
        while (true) {
            Set<String> keys = new LinkedHashSet<>();
            for (long s = seq; s < seq + 64; s++) {
                keys.add(logKey(id, s));
            }
            Map<String, String> got = logs.getAll(keys);
            long before = seq;
            for (long s = before; s < before + 64; s++) {
                String piece = got.get(logKey(id, s));
                if (piece == null) {
                    return new LogSlice(sb.toString(), seq);
                }
                sb.append(piece);
                seq = s + 1;
            }
        }
    }

    /** The key of piece {@code seq} of job {@code id}'s output. */
    public static String logKey(String id, long seq) {
        return id + "/log/" + seq;
    }

    /**
     * A read of a job's output.
     *
     * @param text the output read
     * @param nextSeq where the next read starts
     */
    public record LogSlice(String text, long nextSeq) {}
}
