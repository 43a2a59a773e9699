package dev.anvil.grpo.eval;

/**
 * A checkpoint's accuracy on one named split, so that every printed figure says which split it is on.
 *
 * @param split the split's label: {@code val}, {@code test}, or {@code data} for a file given by hand
 * @param location where the problems came from (file path or {@code classpath:...})
 * @param greedy greedy-decoding accuracy
 * @param passAtK sampled pass@k, or null when not asked for
 */
public record SplitResult(String split, String location, EvalResult greedy, PassAtK passAtK) {

    /** Label of the validation split, on which every choice is made. */
    public static final String VALIDATION = "val";
    /** Label of the test split, reported once at the end and never used for a choice. */
    public static final String TEST = "test";
    /** Label of a file named on the command line. */
    public static final String DATA = "data";

    /** @return the greedy accuracy in one line, led by the split's label */
    public String line() {
        return String.format(
                "%s accuracy %.1f%% (%d/%d; number anywhere %.1f%%), mean reward %.3f, format %.1f%% [%s]",
                split,
                100 * greedy.accuracy(),
                greedy.correct(),
                greedy.total(),
                100 * greedy.anywhereAccuracy(),
                greedy.meanReward(),
                100 * greedy.formatRate(),
                location);
    }

    /** @return the pass@k line, led by the split's label, or null when pass@k was not measured */
    public String passAtKLine() {
        if (passAtK == null) {
            return null;
        }
        return String.format(
                "%s pass@%d (temperature %.1f): %.1f%% (number anywhere %.1f%%)",
                split, passAtK.k(), passAtK.temperature(), 100 * passAtK.rate(), 100 * passAtK.anywhereRate());
    }

    /** @return the accuracy and counts in short form, e.g. {@code test 70.3% (211/300)} */
    public String brief() {
        return String.format("%s %.1f%% (%d/%d)", split, 100 * greedy.accuracy(), greedy.correct(), greedy.total());
    }
}
