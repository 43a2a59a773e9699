package dev.anvil.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses sizes such as {@code 8g}, {@code 512m}, {@code 64k} or plain bytes, as {@code java -Xmx} does. */
public final class ByteSize {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b)?");

    private ByteSize() {}

    /**
     * The number of bytes {@code text} names (binary units: {@code 1k} is 1024 bytes).
     *
     * @throws IllegalArgumentException naming the text when it is not a size
     */
    public static long parse(String text) {
        Matcher m = SIZE.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("not a size, expected e.g. 512m or 8g [size=" + text + "]");
        }
        long value = Long.parseLong(m.group(1));
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large [size=" + text + "]");
        }
        return value << shift;
    }

    /** {@code bytes} in the largest binary unit that divides it, e.g. {@code 8g}. */
    public static String format(long bytes) {
        String[] units = {"t", "g", "m", "k"};
        int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            long unit = 1L << shifts[i];
            if (bytes >= unit && bytes % unit == 0) {
                return (bytes / unit) + units[i];
            }
        }
        return Long.toString(bytes);
    }
}
