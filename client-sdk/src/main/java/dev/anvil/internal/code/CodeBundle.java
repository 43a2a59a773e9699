package dev.anvil.internal.code;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * One unit of shipped code: a jar's bytes (a classes folder is packed into a jar first), named by the SHA-256 of
 * those bytes so that a bundle is stored once however many clients ship it.
 *
 * @param source where it came from (a jar or folder path), for messages
 * @param sha256 hex SHA-256 of {@code bytes}
 * @param bytes the jar
 */
public record CodeBundle(String source, String sha256, byte[] bytes) {
    /** Entries of packed folders get this time, so the same classes always give the same bytes and hash. */
    private static final long FIXED_TIME = 315_532_800_000L; // 1980-01-01, the zip format's epoch

    /** The bundle of a jar file or a classes folder. */
    public static CodeBundle of(Path path) {
        Path p = path.toAbsolutePath().normalize();
        try {
            byte[] bytes;
            if (Files.isDirectory(p)) {
                bytes = packFolder(p);
            } else if (Files.isRegularFile(p)) {
                bytes = Files.readAllBytes(p);
            } else {
                throw new IllegalArgumentException("code to ship is neither a jar nor a folder [path=" + p + "]");
            }
            return new CodeBundle(p.toString(), sha256(bytes), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read code to ship [path=" + p + "]", e);
        }
    }

    /** Short description for messages: {@code app.jar (sha256 1a2b3c4d, 12 KiB)}. */
    public String describe() {
        return describe(source, sha256, bytes.length);
    }

    /** As {@link #describe()}, from the parts. */
    public static String describe(String source, String sha256, long size) {
        return source + " (sha256 " + sha256.substring(0, 12) + ", " + Math.max(1, size / 1024) + " KiB)";
    }

    private static byte[] packFolder(Path root) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(out);
                Stream<Path> walk = Files.walk(root)) {
            List<Path> files = walk.filter(Files::isRegularFile).sorted().toList();
            for (Path f : files) {
                JarEntry e = new JarEntry(root.relativize(f).toString().replace('\\', '/'));
                e.setTime(FIXED_TIME);
                jar.putNextEntry(e);
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        return out.toByteArray();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
