package dev.anvil.grpo.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Appends metrics records as JSON lines, flushing each so a crashed run keeps its history.
 *
 * <pre>{@code
 * try (MetricsWriter w = new MetricsWriter(Path.of("run/grpo/metrics.jsonl"))) { w.write(stepMetrics); }
 * }</pre>
 */
public final class MetricsWriter implements AutoCloseable {

    private final ObjectMapper json = new ObjectMapper().configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
    private final BufferedWriter out;

    /**
     * Opens (and truncates) the file.
     *
     * @param file the JSON lines file
     * @throws IOException if it cannot be created
     */
    public MetricsWriter(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    }

    /**
     * Writes one record as a line.
     *
     * @param record any Jackson-serialisable record
     */
    public void write(Object record) {
        try {
            // NaN is not JSON: write it as null.
            out.write(json.writeValueAsString(record).replace("NaN", "null"));
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
