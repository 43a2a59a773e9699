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
 * Generates GSM8K-format arithmetic problems with a fixed seed, split into train, validation and test sets.
 *
 * <p>A problem adds or subtracts operands left to right ({@code What is 47 + 8?}, {@code What is 7 - 2 + 9?}).
 * The first operand ranges over {@code 0..maxFirst}, every further one over {@code 0..maxOperand}. The
 * committed files use a two-digit number (10..99) plus or minus a one-digit number: 1800 distinct problems (the
 * whole space), 1200 train, 300 validation and 300 test. A tiny transformer's supervised curve on it is steep (7% to
 * 93% on validation
 * between steps 100 and 400), so a short warm start leaves a model whose pass@8 is far above its greedy
 * accuracy, which GRPO can sharpen. The fixed-width first operand matters: with 0..99 the digits the model
 * must combine move around, and the same model stays under 10% for 800 steps; three single-digit operands
 * also learn far more slowly at this size.
 *
 * <p>The three splits never share a question, so validation and test accuracy measure generalisation, not recall.
 * Every choice (learning rates, step counts) is made on validation; test is evaluated once at the end of a run and
 * only reported. The problems are drawn distinct in one seeded sequence and cut as {@code train | test |
 * validation}: validation is the last {@code validationSize} problems, test the {@code testSize} before it, train the
 * rest. With the committed sizes the validation split is exactly the earlier 300-problem held-out file on which the
 * shipped learning rates and step counts were chosen, and the test problems (formerly the end of the training file)
 * were never evaluated on, so no past choice saw them.
 *
 * <pre>{@code
 * var gen = new ArithmeticProblemGenerator(42, 9);
 * ArithmeticProblemGenerator.Split split = gen.generate(3000, 500, 500);
 * ArithmeticProblemGenerator.writeJsonl(split.train(), Path.of("train.jsonl"));
 * }</pre>
 */
public final class ArithmeticProblemGenerator {

    /** Seed of the committed data files. */
    public static final long DEFAULT_SEED = 42;
    /** Largest operand after the first, in the committed data files. */
    public static final int DEFAULT_MAX_OPERAND = 9;
    /** Smallest first operand of the committed data files. */
    public static final int DEFAULT_MIN_FIRST = 10;
    /** Largest first operand of the committed data files. */
    public static final int DEFAULT_MAX_FIRST = 99;
    /** Number of operands of the committed data files. */
    public static final int DEFAULT_OPERANDS = 2;
    /** Training problems in the committed data files. */
    public static final int DEFAULT_TRAIN_SIZE = 1200;
    /** Validation problems in the committed data files (the former held-out file, unchanged). */
    public static final int DEFAULT_VALIDATION_SIZE = 300;
    /** Test problems in the committed data files. */
    public static final int DEFAULT_TEST_SIZE = 300;

    /** File name of the training split in the data directory. */
    public static final String TRAIN_FILE = "arith_train.jsonl";
    /** File name of the validation split in the data directory. */
    public static final String VALIDATION_FILE = "arith_validation.jsonl";
    /** File name of the test split in the data directory. */
    public static final String TEST_FILE = "arith_test.jsonl";

    private final long seed;
    private final int minFirst;
    private final int maxFirst;
    private final int maxOperand;
    private final int operands;

    /**
     * Creates a generator.
     *
     * @param seed the random seed; the same seed always yields the same files
     * @param maxOperand the largest operand (inclusive)
     */
    public ArithmeticProblemGenerator(long seed, int maxOperand) {
        this(seed, maxOperand, maxOperand, 3);
    }

    /**
     * Creates a generator of {@code operands}-operand problems.
     *
     * @param seed the random seed; the same seed always yields the same files
     * @param maxFirst the largest first operand (inclusive)
     * @param maxOperand the largest of every further operand (inclusive)
     * @param operands how many operands each problem has (at least 2)
     * @throws IllegalArgumentException if an operand bound is negative or there are fewer than 2 operands
     */
    public ArithmeticProblemGenerator(long seed, int maxFirst, int maxOperand, int operands) {
        this(seed, 0, maxFirst, maxOperand, operands);
    }

    /**
     * Creates a generator whose first operand ranges over {@code minFirst..maxFirst}.
     *
     * @param seed the random seed; the same seed always yields the same files
     * @param minFirst the smallest first operand (inclusive)
     * @param maxFirst the largest first operand (inclusive)
     * @param maxOperand the largest of every further operand (inclusive)
     * @param operands how many operands each problem has (at least 2)
     * @throws IllegalArgumentException if a bound is negative or inverted, or there are fewer than 2 operands
     */
    public ArithmeticProblemGenerator(long seed, int minFirst, int maxFirst, int maxOperand, int operands) {
        if (minFirst < 0 || maxFirst < minFirst || maxOperand < 0 || operands < 2) {
            throw new IllegalArgumentException(
                    "need operands >= 2 and non-negative ordered bounds [min_first=" + minFirst + ", max_first="
                            + maxFirst + ", max_operand=" + maxOperand + ", operands=" + operands + "]");
        }
        this.seed = seed;
        this.minFirst = minFirst;
        this.maxFirst = maxFirst;
        this.maxOperand = maxOperand;
        this.operands = operands;
    }

    /**
     * The generator of the committed data files.
     *
     * @return two-digit (10..99) plus or minus one-digit problems with {@link #DEFAULT_SEED}
     */
    public static ArithmeticProblemGenerator defaults() {
        return new ArithmeticProblemGenerator(
                DEFAULT_SEED, DEFAULT_MIN_FIRST, DEFAULT_MAX_FIRST, DEFAULT_MAX_OPERAND, DEFAULT_OPERANDS);
    }

    /**
     * Three disjoint splits.
     *
     * @param train the training problems
     * @param validation the problems every choice is made on, disjoint from train
     * @param test the problems reported once at the end and never used for a choice, disjoint from both
     */
    public record Split(List<Gsm8kRecord> train, List<Gsm8kRecord> validation, List<Gsm8kRecord> test) {}

    /**
     * Generates distinct problems and splits them into {@code train | test | validation} (in drawing order).
     *
     * @param trainSize number of training problems
     * @param validationSize number of validation problems
     * @param testSize number of test problems
     * @return the split
     * @throws IllegalArgumentException if a size is negative or the problem space is smaller than asked for
     */
    public Split generate(int trainSize, int validationSize, int testSize) {
        if (trainSize < 0 || validationSize < 0 || testSize < 0) {
            throw new IllegalArgumentException("split sizes must be non-negative [train=" + trainSize + ", validation="
                    + validationSize + ", test=" + testSize + "]");
        }
        double space = maxFirst - minFirst + 1.0;
        for (int i = 1; i < operands; i++) {
            space *= 2.0 * (maxOperand + 1);
        }
        long total = (long) trainSize + validationSize + testSize;
        if (total > space) {
            throw new IllegalArgumentException(
                    "not enough distinct problems [asked=" + total + ", available=" + (long) space + "]");
        }
        Random rnd = new Random(seed);
        Set<String> seen = new HashSet<>();
        List<Gsm8kRecord> all = new ArrayList<>();
        while (all.size() < total) {
            Gsm8kRecord r = problem(rnd);
            if (seen.add(r.question())) {
                all.add(r);
            }
        }
        int testEnd = trainSize + testSize;
        return new Split(
                List.copyOf(all.subList(0, trainSize)),
                List.copyOf(all.subList(testEnd, all.size())),
                List.copyOf(all.subList(trainSize, testEnd)));
    }

    private Gsm8kRecord problem(Random rnd) {
        int result = minFirst + rnd.nextInt(maxFirst - minFirst + 1);
        StringBuilder expr = new StringBuilder().append(result);
        for (int i = 1; i < operands; i++) {
            int x = rnd.nextInt(maxOperand + 1);
            boolean plus = rnd.nextBoolean();
            result += plus ? x : -x;
            expr.append(plus ? " + " : " - ").append(x);
        }
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
        Split split = defaults().generate(DEFAULT_TRAIN_SIZE, DEFAULT_VALIDATION_SIZE, DEFAULT_TEST_SIZE);
        writeJsonl(split.train(), dir.resolve(TRAIN_FILE));
        writeJsonl(split.validation(), dir.resolve(VALIDATION_FILE));
        writeJsonl(split.test(), dir.resolve(TEST_FILE));
        System.out.println("wrote " + split.train().size() + " train, "
                + split.validation().size() + " validation and " + split.test().size() + " test problems to "
                + dir.toAbsolutePath());
    }
}
