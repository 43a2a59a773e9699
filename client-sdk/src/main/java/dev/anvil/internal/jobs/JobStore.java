package dev.anvil.internal.jobs;

import dev.anvil.sdk.JobException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.cache.Cache;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;
import org.apache.ignite.cache.CacheMode;
import org.apache.ignite.cache.CacheWriteSynchronizationMode;
import org.apache.ignite.cache.affinity.rendezvous.RendezvousAffinityFunction;
import org.apache.ignite.cache.query.ScanQuery;
import org.apache.ignite.configuration.CacheConfiguration;

/**
 * The cluster's memory of jobs: their records, their files (jar and config, in chunks) and their logs, in three
 * Ignite caches with one backup each, so a job's files and logs outlive the node that ran it.
 *
 * <p>Keys are strings ({@code id}, {@code id/jar/3}, {@code id/log/17}) so any node reads them without the job's
 * classes.
 */
public final class JobStore {
    /** Job id to {@link JobRecord} JSON. */
    public static final String RECORDS = "anvil-jobs";
    /** {@code id/kind/chunk} to bytes. */
    public static final String FILES = "anvil-job-files";
    /** {@code id/log/seq} to a piece of the driver's output. */
    public static final String LOGS = "anvil-job-logs";
    /** Chunk size of stored files; keeps each cache entry well below a data page multiple that hurts. */
    public static final int CHUNK = 512 * 1024;
    /** Partitions of each job cache. */
    static final int PARTITIONS = 32;

    private final IgniteCache<String, String> records;
    private final IgniteCache<String, byte[]> files;
    private final IgniteCache<String, String> logs;

    /** Opens (creating when needed) the job caches through {@code ignite}. */
    public JobStore(Ignite ignite) {
        this.records = ignite.getOrCreateCache(config(RECORDS));
        this.files = ignite.getOrCreateCache(config(FILES));
        this.logs = ignite.getOrCreateCache(config(LOGS));
    }

    private static <V> CacheConfiguration<String, V> config(String name) {
        return new CacheConfiguration<String, V>(name)
                .setCacheMode(CacheMode.PARTITIONED)
                .setBackups(1)
                // Few partitions: each one costs pages of its own, and Ignite's default 1024 per cache would take
                // megabytes of a small capped region (a full region halts the node) for a few hundred entries.
                .setAffinity(new RendezvousAffinityFunction(false, PARTITIONS))
                .setWriteSynchronizationMode(CacheWriteSynchronizationMode.FULL_SYNC);
    }

    /** Stores a new record; fails if the id is taken. */
    public void create(JobRecord rec) {
        if (!records.putIfAbsent(rec.id(), rec.toJson())) {
            throw new IllegalStateException("job id already taken [id=" + rec.id() + "]");
        }
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

    /**
     * Atomically replaces the record of {@code id} by {@code change(current)} (compare-and-set, retried), and
     * returns the new record; the change may return the current record to leave it as it is.
     */
    public JobRecord update(String id, UnaryOperator<JobRecord> change) {
        while (true) {
            String json = records.get(id);
            if (json == null) {
                throw notFound(id);
            }
            JobRecord next = change.apply(JobRecord.fromJson(json));
            String nextJson = next.toJson();
            if (nextJson.equals(json) || records.replace(id, json, nextJson)) {
                return next;
            }
        }
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

    /** Stores {@code bytes} as file {@code kind} of job {@code id}, in {@link #CHUNK}-byte pieces. */
    public void putFile(String id, String kind, byte[] bytes) {
        int chunks = chunks(bytes.length);
        for (int i = 0; i < chunks; i++) {
            int from = i * CHUNK;
            files.put(fileKey(id, kind, i), Arrays.copyOfRange(bytes, from, Math.min(bytes.length, from + CHUNK)));
        }
    }

    /** Reads back file {@code kind} of job {@code id}, {@code size} bytes long. */
    public byte[] getFile(String id, String kind, long size) {
        byte[] out = new byte[Math.toIntExact(size)];
        int chunks = chunks(out.length);
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < chunks; i++) {
            keys.add(fileKey(id, kind, i));
        }
        Map<String, byte[]> got = files.getAll(keys);
        for (int i = 0; i < chunks; i++) {
            byte[] piece = got.get(fileKey(id, kind, i));
            if (piece == null) {
                throw new IllegalStateException("job file is incomplete in the cluster [id=" + id + ", kind=" + kind
                        + ", chunk=" + i + "]");
            }
            System.arraycopy(piece, 0, out, i * CHUNK, piece.length);
        }
        return out;
    }

    /** Removes file {@code kind} of job {@code id}. */
    public void removeFile(String id, String kind, long size) {
        Set<String> keys = new LinkedHashSet<>();
        for (int i = 0; i < chunks(Math.toIntExact(size)); i++) {
            keys.add(fileKey(id, kind, i));
        }
        files.removeAll(keys);
    }

    /** Stores piece {@code seq} of job {@code id}'s output. */
    public void putLog(String id, long seq, String text) {
        logs.put(logKey(id, seq), text);
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

    private static int chunks(int size) {
        return Math.max(1, (size + CHUNK - 1) / CHUNK);
    }

    private static String fileKey(String id, String kind, int chunk) {
        return id + "/" + kind + "/" + chunk;
    }

    private static String logKey(String id, long seq) {
        return id + "/log/" + seq;
    }

    /**
     * A read of a job's output.
     *
     * @param text the output read
     * @param nextSeq where the next read starts
     */
    public record LogSlice(String text, long nextSeq) {
    }
}
