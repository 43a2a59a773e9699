package dev.anvil.grpo.reward;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds answers in completions: the {@code <answer>...</answer>} span and any numbers in the text. */
public final class AnswerParser {

    private static final Pattern TAGGED = Pattern.compile("<answer>(.*?)</answer>", Pattern.DOTALL);
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    private AnswerParser() {}

    /**
     * Returns the content of the last {@code <answer>...</answer>} span, trimmed.
     *
     * @param text the completion
     * @return the tagged content, or empty when there is no complete span
     */
    public static Optional<String> taggedAnswer(String text) {
        Matcher m = TAGGED.matcher(text);
        String last = null;
        while (m.find()) {
            last = m.group(1).trim();
        }
        return Optional.ofNullable(last);
    }

    /**
     * Returns every number in the text, in order.
     *
     * @param text the text
     * @return the numbers as written (commas removed)
     */
    public static List<String> numbers(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text.replace(",", ""));
        while (m.find()) {
            out.add(m.group());
        }
        return out;
    }

    /**
     * Compares two numeric strings by value ({@code "5"} equals {@code "5.0"}).
     *
     * @param a one number
     * @param b another number
     * @return true if both parse and are equal
     */
    public static boolean sameNumber(String a, String b) {
        try {
            return Math.abs(Double.parseDouble(a.trim().replace(",", ""))
                            - Double.parseDouble(b.trim().replace(",", "")))
                    < 1e-9;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
