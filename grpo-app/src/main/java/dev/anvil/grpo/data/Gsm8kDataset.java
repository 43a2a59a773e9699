package dev.anvil.grpo.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A GSM8K-format JSONL dataset that hands out samples in a seeded order, reshuffled each epoch.
 *
 * <p>Works with the shipped arithmetic files and with the real GSM8K {@code train.jsonl}.
 * Not thread-safe: one caller (later, one actor) draws samples.
 *
 * <pre>{@code
 * Gsm8kDataset ds = Gsm8kDataset.open(Path.of("train.jsonl"), 42);
 * Sample s = ds.sample();          // s.request() -> policy, s.target() -> reward
 * }</pre>
 */
public final class Gsm8kDataset {

    private final List<Gsm8kRecord> records;
    private final List<Integer> order;
    private final Random rnd;
    private int cursor;
    private int epoch;

    /**
     * Creates a dataset over records already in memory.
     *
     * @param records the records (at least one)
     * @param seed the shuffle seed
     */
    public Gsm8kDataset(List<Gsm8kRecord> records, long seed) {
        if (records.isEmpty()) {
            throw new IllegalArgumentException("dataset is empty");
        }
        this.records = List.copyOf(records);
        this.order = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            order.add(i);
        }
        this.rnd = new Random(seed);
        Collections.shuffle(order, rnd);
    }

    /**
     * Reads a JSONL file.
     *
     * @param path the file
     * @param seed the shuffle seed
     * @return the dataset
     * @throws IOException if the file cannot be read
     */
    public static Gsm8kDataset open(Path path, long seed) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return new Gsm8kDataset(read(in), seed);
        }
    }

    /**
     * Reads all records from a file path or a {@code classpath:} location.
     *
     * @param location the location
     * @return the records
     * @throws IOException if it cannot be read
     */
    public static List<Gsm8kRecord> readLocation(String location) throws IOException {
        try (InputStream in = dev.anvil.grpo.config.ConfigLoader.open(location)) {
            return read(in);
        }
    }

    /**
     * Parses JSONL records from a stream (blank lines are skipped).
     *
     * @param in the stream
     * @return the records
     * @throws IOException if reading fails
     */
    public static List<Gsm8kRecord> read(InputStream in) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Gsm8kRecord> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isBlank()) {
                    var node = json.readTree(line);
                    out.add(new Gsm8kRecord(
                            node.get("question").asText(), node.get("answer").asText()));
                }
            }
        }
        return out;
    }

    /**
     * Reads all records of a JSONL file.
     *
     * @param path the file
     * @return the records
     */
    public static List<Gsm8kRecord> readAll(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dataset [path=" + path + "]", e);
        }
    }

    /**
     * Returns the next sample; after the last one of an epoch the order is reshuffled.
     *
     * @return the request and the target answer
     */
    public Sample sample() {
        if (cursor == order.size()) {
            Collections.shuffle(order, rnd);
            cursor = 0;
            epoch++;
        }
        Gsm8kRecord r = records.get(order.get(cursor++));
        return new Sample(PromptFormat.request(r.question()), r.finalAnswer());
    }

    /**
     * Returns the number of records.
     *
     * @return the size
     */
    public int size() {
        return records.size();
    }

    /**
     * Returns how many full passes {@link #sample()} has completed.
     *
     * @return the epoch counter
     */
    public int epoch() {
        return epoch;
    }

    /**
     * Returns the records in file order.
     *
     * @return an immutable list
     */
    public List<Gsm8kRecord> records() {
        return records;
    }
}
