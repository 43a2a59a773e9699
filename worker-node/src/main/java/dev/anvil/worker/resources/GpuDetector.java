package dev.anvil.worker.resources;

import dev.anvil.internal.node.GpuInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the GPUs of this machine for {@code --gpus auto}: runs {@code nvidia-smi} when it is on the {@code PATH},
 * and reports no GPUs otherwise.
 */
public final class GpuDetector {
    /** The query {@link NvidiaSmiParser} understands. */
    public static final List<String> COMMAND =
            List.of("nvidia-smi", "--query-gpu=index,name,memory.total", "--format=csv,noheader");

    private static final Logger LOG = LoggerFactory.getLogger(GpuDetector.class);
    private static final long TIMEOUT_SECONDS = 20;

    private GpuDetector() {}

    /** The GPUs {@code nvidia-smi} reports, or an empty list when the command is not installed. */
    public static List<GpuInfo> detect() {
        if (!onPath("nvidia-smi")) {
            LOG.info("nvidia-smi not found on PATH: this worker offers no GPUs");
            return List.of();
        }
        try {
            Process p = new ProcessBuilder(COMMAND).redirectErrorStream(true).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("nvidia-smi did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String text = new String(out, StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(
                        "nvidia-smi failed [exit=" + p.exitValue() + ", output=" + text.trim() + "]");
            }
            return NvidiaSmiParser.parse(text);
        } catch (IOException e) {
            throw new IllegalStateException("could not run nvidia-smi [error=" + e.getMessage() + "]", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running nvidia-smi", e);
        }
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
