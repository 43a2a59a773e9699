package dev.anvil.worker.resources;

import dev.anvil.internal.node.GpuInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses the output of {@code nvidia-smi --query-gpu=index,name,memory.total --format=csv,noheader}.
 *
 * <p>Each line reads {@code 0, NVIDIA A100-SXM4-80GB, 81920 MiB}. Names may contain commas, so the index is the
 * first field, the memory the last, and the name everything in between.
 */
public final class NvidiaSmiParser {
    private NvidiaSmiParser() {}

    /**
     * Parses the whole output, one GPU per non-blank line, in the order printed.
     *
     * @throws IllegalArgumentException naming the line when a line does not have the expected shape
     */
    public static List<GpuInfo> parse(String output) {
        List<GpuInfo> gpus = new ArrayList<>();
        for (String line : output.split("\\R")) {
            if (!line.isBlank()) {
                gpus.add(parseLine(line.trim()));
            }
        }
        return gpus;
    }

    private static GpuInfo parseLine(String line) {
        int first = line.indexOf(',');
        int last = line.lastIndexOf(',');
        if (first < 0 || first == last) {
            throw new IllegalArgumentException("nvidia-smi line must be 'index, name, memory' [line=" + line + "]");
        }
        String index = line.substring(0, first).trim();
        String name = line.substring(first + 1, last).trim();
        String memory = line.substring(last + 1).trim();
        try {
            return new GpuInfo(Integer.parseInt(index), name, parseMemoryMib(memory));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("nvidia-smi line has a bad index or memory [line=" + line + "]", e);
        }
    }

    /** Memory as printed ({@code 81920 MiB}); {@code [N/A]} (some virtual GPUs) counts as unknown, 0. */
    private static long parseMemoryMib(String memory) {
        String m = memory.toLowerCase(Locale.ROOT);
        if (m.contains("n/a")) {
            return 0;
        }
        if (m.endsWith("mib")) {
            m = m.substring(0, m.length() - 3).trim();
        }
        return Long.parseLong(m);
    }
}
