package dev.anvil.state.bench;

import dev.anvil.testkit.AnvilLauncher;
import dev.anvil.testkit.TestClasspath;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A {@link BenchNode} JVM driven through its stdin and stdout. */
final class BenchProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final PrintWriter in;
    private final BufferedReader out;
    private final Map<String, String> results = new HashMap<>();
    private final List<String> log = new ArrayList<>();

    private BenchProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        this.in = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static BenchProcess start(String name, String address, String heap, Path logDir) {
        String argsFile = System.getProperty(
                "anvil.jvm.argsFile",
                AnvilLauncher.anvilHome().resolve("bin/ignite-jvm.args").toString());
        List<String> cmd = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + argsFile,
                "-Xmx" + heap,
                "-XX:+ExitOnOutOfMemoryError",
                "-Danvil.blobs.parallelism=" + Integer.getInteger("anvil.blobs.parallelism", 4),
                // One extra JVM option for the clients, e.g. a flight recording: NAME becomes the client's name.
                System.getProperty("bench.clientJvmOpt", "-Dbench.client=NAME").replace("NAME", name),
                "-Dlogback.configurationFile=" + quietLogback(logDir),
                "-cp",
                TestClasspath.get(),
                BenchNode.class.getName(),
                address,
                name);
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectError(logDir.resolve(name + ".err").toFile())
                    .start();
            BenchProcess b = new BenchProcess(name, p);
            b.readUntil("READY", null);
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start bench process " + name, e);
        }
    }

    /** Ignite's console output goes to a file; stdout carries only the protocol lines. */
    private static Path quietLogback(Path dir) {
        Path f = dir.resolve("bench-logback.xml");
        try {
            java.nio.file.Files.writeString(f, """
                    <configuration>
                      <appender name="F" class="ch.qos.logback.core.FileAppender">
                        <file>%s</file><encoder><pattern>%%d{HH:mm:ss.SSS} %%-5level %%logger{30} - %%msg%%n</pattern></encoder>
                      </appender>
                      <logger name="org.apache.ignite" level="WARN"/>
                      <root level="INFO"><appender-ref ref="F"/></root>
                    </configuration>
                    """.formatted(dir.resolve("bench-clients.log")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return f;
    }

    /** Sends a command without waiting. */
    void send(String command) {
        results.clear();
        in.println(command);
    }

    /** Waits for one result of the running command. */
    String awaitResult(String key) {
        readUntil(null, key);
        return results.get(key);
    }

    /** Waits until the running command is done and returns its results. */
    Map<String, String> awaitDone() {
        readUntil("DONE", null);
        return new HashMap<>(results);
    }

    /** Runs a command to completion. */
    Map<String, String> call(String command) {
        send(command);
        return awaitDone();
    }

    private void readUntil(String marker, String resultKey) {
        try {
            for (String line; (line = out.readLine()) != null; ) {
                log.add(line);
                if (line.startsWith("RESULT ")) {
                    String[] kv = line.split(" ", 3);
                    results.put(kv[1], kv[2]);
                    if (kv[1].equals(resultKey)) {
                        return;
                    }
                } else if (line.equals(marker)) {
                    return;
                }
            }
            throw new IllegalStateException("bench process " + name + " exited; output: " + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        in.println("quit");
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
