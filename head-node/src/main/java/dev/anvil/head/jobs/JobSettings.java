package dev.anvil.head.jobs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How the head takes jobs.
 *
 * @param token the token clients must present to submit or stop jobs, or {@code null}: then the head takes jobs only
 *     while it listens on loopback
 * @param maxJarBytes the largest jar (and config file) the head accepts; jars are kept in the cluster's memory, so
 *     this stays well below the data region cap
 */
public record JobSettings(String token, long maxJarBytes) {
    /** Default jar size limit: 32 MiB. */
    public static final long DEFAULT_MAX_JAR_BYTES = 32L << 20;

    public JobSettings {
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("auth token is empty [token=<blank>]");
        }
        if (maxJarBytes < 1) {
            throw new IllegalArgumentException("jar size limit must be > 0 [maxJarBytes=" + maxJarBytes + "]");
        }
    }

    /** No token (loopback only), 32 MiB jars. */
    public static JobSettings defaults() {
        return new JobSettings(null, DEFAULT_MAX_JAR_BYTES);
    }

    /** These settings with the token read from {@code file} (its first line, trimmed; empty files are refused). */
    public JobSettings withTokenFile(Path file) {
        String text;
        try {
            text = Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the auth token file [file=" + file + "]", e);
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("auth token file is empty [file=" + file + "]");
        }
        return new JobSettings(text.lines().findFirst().orElseThrow().strip(), maxJarBytes);
    }

    /** These settings with another jar size limit. */
    public JobSettings withMaxJarBytes(long bytes) {
        return new JobSettings(token, bytes);
    }

    @Override
    public String toString() {
        return "JobSettings[token=" + (token == null ? "<none>" : "<set>") + ", maxJarBytes=" + maxJarBytes + "]";
    }
}
