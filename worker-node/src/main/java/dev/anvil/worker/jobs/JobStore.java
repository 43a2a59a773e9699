package dev.anvil.worker.jobs;

import dev.anvil.internal.jobs.JobRecord;
import dev.anvil.internal.jobs.JobRecords;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.ignite.Ignite;
import org.apache.ignite.IgniteCache;

/**
 * The cluster's memory of jobs as the head and the workers write it: records, files (jar and config, in chunks) and
 * logs, in the caches {@link JobRecords} reads.
 */
public final class JobStore {
    /** Chunk size of stored files; keeps each cache entry well below a data page multiple that hurts. */
    public static final int CHUNK = 512 * 1024;

    private final JobRecords reader;
    private final IgniteCache<String, String> records;
    private final IgniteCache<String, byte[]> files;
    private final IgniteCache<String, String> logs;

    /** Opens (creating when needed) the job caches through {@code ignite}. */
    public JobStore(Ignite ignite) {
        this.reader = new JobRecords(ignite);
        this.records = ignite.getOrCreateCache(JobRecords.cacheConfig(JobRecords.RECORDS));
        this.files = ignite.getOrCreateCache(JobRecords.cacheConfig(JobRecords.FILES));
        this.logs = ignite.getOrCreateCache(JobRecords.cacheConfig(JobRecords.LOGS));
    }

    /** Stores a new record; fails if the id is taken. */
    public void create(JobRecord rec) {
        if (!records.putIfAbsent(rec.id(), rec.toJson())) {
            throw new IllegalStateException("job id already taken [id=" + rec.id() + "]");
        }
    }

    /** The record of {@code id}, if any. */
    public Optional<JobRecord> find(String id) {
        return reader.find(id);
    }

    /** The record of {@code id}; NOT_FOUND when there is none. */
    public JobRecord get(String id) {
        return reader.get(id);
    }

    /** Every job, oldest first. */
    public List<JobRecord> list() {
        return reader.list();
    }

    /**
     * Atomically replaces the record of {@code id} by {@code change(current)} (compare-and-set, retried), and
     * returns the new record; the change may return the current record to leave it as it is.
     */
    public JobRecord update(String id, UnaryOperator<JobRecord> change) {
        while (true) {
            String json = records.get(id);
            if (json == null) {
                throw JobRecords.notFound(id);
            }
            JobRecord next = change.apply(JobRecord.fromJson(json));
            String nextJson = next.toJson();
            if (nextJson.equals(json) || records.replace(id, json, nextJson)) {
                return next;
            }
        }
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
                throw new IllegalStateException(
                        "job file is incomplete in the cluster [id=" + id + ", kind=" + kind + ", chunk=" + i + "]");
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

    /** The sequence number of the next piece of job {@code id}'s output (0 when it has none). */
    public long nextLogSeq(String id) {
        return reader.readLog(id, 0).nextSeq();
    }

    /** Stores piece {@code seq} of job {@code id}'s output. */
    public void putLog(String id, long seq, String text) {
        logs.put(JobRecords.logKey(id, seq), text);
    }

    private static int chunks(int size) {
        return Math.max(1, (size + CHUNK - 1) / CHUNK);
    }

    private static String fileKey(String id, String kind, int chunk) {
        return id + "/" + kind + "/" + chunk;
    }
}
