package dev.anvil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The folder where nodes started from this machine record themselves ({@code <name>.json}, a {@link NodeRecord}),
 * so that {@code anvil stop} stops exactly those processes, by pid.
 *
 * <p>Default location: {@code $ANVIL_RUN_DIR}, else {@code <anvil home>/run} where the anvil home is the system
 * property {@code anvil.home}, else {@code $ANVIL_HOME}, else the current directory.
 */
public final class RunDirectory {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;

    /** A run directory at {@code dir} (created on first write). */
    public RunDirectory(Path dir) {
        this.dir = dir;
    }

    /** The run directory to use when none is given on the command line. */
    public static RunDirectory defaultLocation() {
        String env = System.getenv("ANVIL_RUN_DIR");
        if (env != null && !env.isBlank()) {
            return new RunDirectory(Path.of(env));
        }
        return new RunDirectory(anvilHome().resolve("run"));
    }

    /** The Anvil installation folder: {@code -Danvil.home}, else {@code $ANVIL_HOME}, else the current directory. */
    public static Path anvilHome() {
        String home = System.getProperty("anvil.home");
        if (home == null || home.isBlank()) {
            home = System.getenv("ANVIL_HOME");
        }
        return Path.of(home == null || home.isBlank() ? "." : home)
                .toAbsolutePath()
                .normalize();
    }

    /** The folder itself. */
    public Path path() {
        return dir;
    }

    /** Writes (atomically) the record of a node that just started. */
    public Path write(NodeRecord rec) {
        try {
            Files.createDirectories(dir);
            Path target = fileOf(rec.name());
            Path tmp = Files.createTempFile(dir, rec.name(), ".tmp");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), rec);
            return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write node record [dir=" + dir + "]", e);
        }
    }

    /** Removes the record of node {@code name}, if present. */
    public void delete(String name) {
        try {
            Files.deleteIfExists(fileOf(name));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete node record [dir=" + dir + ", name=" + name + "]", e);
        }
    }

    /** Every record in the folder, oldest first; unreadable files are skipped. */
    public List<NodeRecord> list() {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<NodeRecord> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .toList()) {
                try {
                    out.add(JSON.readValue(f.toFile(), NodeRecord.class));
                } catch (IOException e) {
                    // A half-written or foreign file: not a node this folder knows about.
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list node records [dir=" + dir + "]", e);
        }
        out.sort(Comparator.comparingLong(NodeRecord::startedAt));
        return out;
    }

    /** The file holding the record of node {@code name}. */
    public Path fileOf(String name) {
        return dir.resolve(name + ".json");
    }
}
