package dev.anvil.grpo.reward;

/**
 * Rewards the right number: 1.0 inside {@code <answer>...</answer>}, {@link #PARTIAL} anywhere else in
 * the completion, 0 otherwise (as TorchForge's {@code MathReward}).
 */
public final class MathReward implements RewardFunction {

    /** Credit for the right number outside the answer tags. */
    public static final double PARTIAL = 0.1;

    @Override
    public double score(String response, String target) {
        var tagged = AnswerParser.taggedAnswer(response);
        if (tagged.isPresent() && AnswerParser.sameNumber(tagged.get(), target)) {
            return 1.0;
        }
        for (String n : AnswerParser.numbers(response)) {
            if (AnswerParser.sameNumber(n, target)) {
                return PARTIAL;
            }
        }
        return 0.0;
    }
}
