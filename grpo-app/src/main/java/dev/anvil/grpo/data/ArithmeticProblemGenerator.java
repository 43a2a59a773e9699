package dev.anvil.grpo.data;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Generates GSM8K-format arithmetic problems with a fixed seed, split into train and held-out sets.
 *
 * <p>Each problem adds or subtracts three single-digit numbers ({@code What is 7 - 2 + 9?}), so answers
 * range from -18 to 27. The space holds 4000 distinct problems: big enough for disjoint splits, small
 * enough that a tiny transformer learns it within minutes on two CPU cores.
 *
 * <p>The two splits never share a question, so held-out accuracy measures generalisation, not recall.
 *
 * <pre>{@code
 * var gen = new ArithmeticProblemGenerator(42, 9);
 * ArithmeticProblemGenerator.Split split = gen.generate(3500, 500);
 * ArithmeticProblemGenerator.writeJsonl(split.train(), Path.of("train.jsonl"));
 * }</pre>
 */
public final class ArithmeticProblemGenerator {

    /** Seed of the committed data files. */
    public static final long DEFAULT_SEED = 42;
    /** Largest operand of the committed data files. */
    public static final int DEFAULT_MAX_OPERAND = 9;

    private final long seed;
    private final int maxOperand;

    /**
     * Creates a generator.
     *
     * @param seed the random seed; the same seed always yields the same files
     * @param maxOperand the largest operand (inclusive)
     */
    public ArithmeticProblemGenerator(long seed, int maxOperand) {
        this.seed = seed;
        this.maxOperand = maxOperand;
    }

    /**
     * A train split and a held-out split.
     *
     * @param train the training problems
     * @param heldOut the held-out problems, disjoint from train
     */
    public record Split(List<Gsm8kRecord> train, List<Gsm8kRecord> heldOut) {}

    /**
     * Generates distinct problems and splits them.
     *
     * @param trainSize number of training problems
     * @param heldOutSize number of held-out problems
     * @return the split
     * @throws IllegalArgumentException if the problem space is smaller than asked for
     */
    public Split generate(int trainSize, int heldOutSize) {
        long space = 4L * (maxOperand + 1) * (maxOperand + 1) * (maxOperand + 1);
        if (trainSize + heldOutSize > space) {
            throw new IllegalArgumentException("not enough distinct problems [asked=" + (trainSize + heldOutSize)
                    + ", available=" + space + "]");
        }
        Random rnd = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<Gsm8kRecord> all = new ArrayList<>();
        while (all.size() < trainSize + heldOutSize) {
            Gsm8kRecord r = problem(rnd);
            if (seen.add(r.question())) {
                all.add(r);
            }
        }
        return new Split(List.copyOf(all.subList(0, trainSize)), List.copyOf(all.subList(trainSize, all.size())));
    }

    private Gsm8kRecord problem(Random rnd) {
        int a = rnd.nextInt(maxOperand + 1);
        int b = rnd.nextInt(maxOperand + 1);
        int c = rnd.nextInt(maxOperand + 1);
        boolean plusB = rnd.nextBoolean();
        boolean plusC = rnd.nextBoolean();
        int result = a + (plusB ? b : -b) + (plusC ? c : -c);
        String expr = a + (plusB ? " + " : " - ") + b + (plusC ? " + " : " - ") + c;
        return new Gsm8kRecord("What is " + expr + "?", expr + " = " + result + "\n#### " + result);
    }

    /**
     * Writes records as JSON lines with fields {@code question} and {@code answer}.
     *
     * @param records the records
     * @param file the output file (parent directories are created)
     * @throws IOException if writing fails
     */
    public static void writeJsonl(List<Gsm8kRecord> records, Path file) throws IOException {
        ObjectMapper json = new ObjectMapper();
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Gsm8kRecord r : records) {
                w.write(json.writeValueAsString(r));
                w.write('\n');
            }
        }
    }

    /**
     * Regenerates the committed data files.
     *
     * @param args optional output directory (default {@code grpo-app/src/main/resources/data})
     * @throws IOException if writing fails
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "grpo-app/src/main/resources/data");
        Split split = new ArithmeticProblemGenerator(DEFAULT_SEED, DEFAULT_MAX_OPERAND).generate(3500, 500);
        writeJsonl(split.train(), dir.resolve("arith_train.jsonl"));
        writeJsonl(split.heldOut(), dir.resolve("arith_heldout.jsonl"));
        System.out.println("wrote " + split.train().size() + " train and " + split.heldOut().size()
                + " held-out problems to " + dir.toAbsolutePath());
    }
}
