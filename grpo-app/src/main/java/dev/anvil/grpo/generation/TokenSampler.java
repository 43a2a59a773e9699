package dev.anvil.grpo.generation;

import java.util.Arrays;
import java.util.Random;

/**
 * Picks the next token from one row of logits with temperature and nucleus (top-p) sampling.
 *
 * <p>Runs in Java on a vocabulary-sized row: the vocabulary is tiny, and a seeded {@link Random} keeps runs
 * reproducible. Not thread-safe (owns its random generator).
 */
public final class TokenSampler {

    private final Random rnd;

    /**
     * Creates a sampler.
     *
     * @param seed the random seed
     */
    public TokenSampler(long seed) {
        this.rnd = new Random(seed);
    }

    /**
     * Samples a token.
     *
     * @param logits the row of logits
     * @param temperature 0 for greedy (argmax), else the softmax temperature
     * @param topP the nucleus mass in (0, 1]
     * @return the token id
     */
    public int sample(float[] logits, double temperature, double topP) {
        if (temperature == 0) {
            return argMax(logits);
        }
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) {
            max = Math.max(max, l);
        }
        double[] probs = new double[logits.length];
        double total = 0;
        for (int i = 0; i < logits.length; i++) {
            probs[i] = Math.exp((logits[i] - max) / temperature);
            total += probs[i];
        }
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        // Most likely first, so the nucleus is a prefix of this order.
        Arrays.sort(order, (a, b) -> Double.compare(probs[b], probs[a]));
        double kept = 0;
        int cut = 0;
        while (cut < order.length && (cut == 0 || kept < topP * total)) {
            kept += probs[order[cut++]];
        }
        double u = rnd.nextDouble() * kept;
        for (int i = 0; i < cut; i++) {
            u -= probs[order[i]];
            if (u <= 0) {
                return order[i];
            }
        }
        return order[cut - 1];
    }

    /**
     * Returns the index of the largest value (the lowest index on ties).
     *
     * @param values the values
     * @return the index
     */
    public static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
