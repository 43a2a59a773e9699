package dev.anvil.worker.blobs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A process other than the tests' for file-lock tests: {@code hold FILE} locks the file, prints {@code locked} and
 * keeps the lock until its standard input closes; {@code probe FILE} prints {@code held} when another process holds
 * a lock on the file, else {@code free}.
 */
public final class LockHolder {
    private LockHolder() {}

    public static void main(String[] args) throws IOException {
        Path file = Path.of(args[1]);
        if (args[0].equals("hold")) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = ch.lock()) {
                System.out.println("locked");
                System.out.flush();
                while (System.in.read() >= 0) {
                    // wait for the test to let go
                }
            }
        } else {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                FileLock l = ch.tryLock();
                System.out.println(l == null ? "held" : "free");
            }
        }
    }

    /** Starts {@code mode} on {@code file} in a small child JVM. */
    static Process start(String mode, Path file) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp;
        try {
            cp = Path.of(LockHolder.class
                            .getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> cmd = new ArrayList<>(List.of(
                java,
                "-Xmx32m",
                "-XX:TieredStopAtLevel=1",
                "-Xshare:auto",
                "-cp",
                cp,
                LockHolder.class.getName(),
                mode,
                file.toString()));
        return new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    /** The first line {@code p} prints. */
    static String firstLine(Process p) throws IOException {
        InputStream in = p.getInputStream();
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            sb.append((char) c);
        }
        return sb.toString().trim();
    }

    /** Ends {@code p} and waits for it. */
    static void stop(Process p) throws InterruptedException {
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }
}
