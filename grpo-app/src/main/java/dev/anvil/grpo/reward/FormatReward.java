package dev.anvil.grpo.reward;

/**
 * Rewards the answer format: 1.0 for exactly one {@code <answer>...</answer>} span holding a number,
 * 0.5 for a span holding something else, 0 otherwise.
 */
public final class FormatReward implements RewardFunction {

    @Override
    public double score(String response, String target) {
        int opens = count(response, "<answer>");
        int closes = count(response, "</answer>");
        var tagged = AnswerParser.taggedAnswer(response);
        if (opens != 1 || closes != 1 || tagged.isEmpty()) {
            return 0.0;
        }
        return tagged.get().matches("-?\\d+(\\.\\d+)?") ? 1.0 : 0.5;
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
