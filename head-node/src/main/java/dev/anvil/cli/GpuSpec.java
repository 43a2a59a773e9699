package dev.anvil.cli;

import dev.anvil.internal.node.GpuInfo;
import dev.anvil.internal.node.NodeResources;
import dev.anvil.worker.resources.GpuDetector;
import java.util.List;

/**
 * What {@code --gpus} asked for: a number of declared GPUs, or {@code auto} (ask {@code nvidia-smi}).
 *
 * @param auto whether to detect the GPUs
 * @param count the declared GPU count when not {@code auto}
 */
public record GpuSpec(boolean auto, int count) {

    /**
     * Parses {@code auto} or a non-negative integer.
     *
     * @throws IllegalArgumentException naming the value otherwise
     */
    public static GpuSpec parse(String text) {
        String t = text == null ? "" : text.trim();
        if (t.equalsIgnoreCase("auto")) {
            return new GpuSpec(true, 0);
        }
        int n;
        try {
            n = Integer.parseInt(t);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--gpus must be a number >= 0 or 'auto' [gpus=" + text + "]");
        }
        if (n < 0) {
            throw new IllegalArgumentException("--gpus must be >= 0 [gpus=" + n + "]");
        }
        return new GpuSpec(false, n);
    }

    /** The GPUs this worker offers. */
    public List<GpuInfo> resolve() {
        return auto ? GpuDetector.detect() : NodeResources.declaredGpus(count);
    }

    @Override
    public String toString() {
        return auto ? "auto" : Integer.toString(count);
    }
}
