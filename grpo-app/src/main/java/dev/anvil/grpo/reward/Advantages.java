package dev.anvil.grpo.reward;

/**
 * GRPO's group-relative advantages: {@code (r - mean) / (std + 1e-4)} over the completions of one prompt.
 *
 * <p>Uses the sample standard deviation (n - 1), as {@code torch.std} does in TorchForge's
 * {@code ComputeAdvantages}. A group whose rewards are all equal gets zero advantages.
 */
public final class Advantages {

    /** Added to the standard deviation to avoid dividing by zero. */
    public static final double EPS = 1e-4;

    private Advantages() {}

    /**
     * Computes advantages for one group.
     *
     * @param rewards the group's rewards
     * @return one advantage per reward
     */
    public static double[] compute(double[] rewards) {
        int n = rewards.length;
        double mean = 0;
        for (double r : rewards) {
            mean += r;
        }
        mean /= n;
        double var = 0;
        for (double r : rewards) {
            var += (r - mean) * (r - mean);
        }
        double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = (rewards[i] - mean) / (std + EPS);
        }
        return out;
    }
}
