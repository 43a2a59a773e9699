package dev.anvil.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Files and folders the tests make or look at. */
public final class TestFiles {
    private TestFiles() {}

    /** Deletes {@code root} and everything under it, as far as it can; a missing or {@code null} root is fine. */
    public static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder: leaving part of it is harmless
        }
    }

    /** Every regular file under {@code dir}, at any depth; none when {@code dir} does not exist. */
    public static List<Path> regularFiles(Path dir) {
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
    }

    /** How many regular files {@link #regularFiles(Path)} finds under {@code dir}. */
    public static long countRegularFiles(Path dir) {
        return regularFiles(dir).size();
    }
}
