package dev.anvil.configs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * "Hosts" for a multi-host test on one machine: network namespaces joined by a bridge, each with its own private
 * address ({@code 10.213.0.N/24}); processes run in them through {@link #wrapper}, with a private tmpfs
 * {@code /dev/shm} each (a mount namespace of their own). Needs root, {@code ip} and {@code unshare}. Names carry a
 * random suffix, so concurrent runs never meet; {@link #close()} removes everything, and a JVM shutdown hook does
 * too if the test never gets there.
 */
final class NetworkHosts implements AutoCloseable {
    private static final String SUBNET = "10.213.0.";

    private final String id = Integer.toHexString(ThreadLocalRandom.current().nextInt(0x10000, 0xfffff));
    private final String bridge = "anvbr" + id;
    private final List<String> namespaces = new ArrayList<>();
    private final Thread reaper = new Thread(this::teardown, "netns-reaper");
    private boolean closed;

    private NetworkHosts() {}

    /** Why this machine cannot make network namespaces, or empty when it can. */
    static Optional<String> unavailable() {
        if (!System.getProperty("os.name").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
            return Optional.of("network namespaces need Linux [os=" + System.getProperty("os.name") + "]");
        }
        String uid = runQuietly("id", "-u");
        if (!"0".equals(uid.strip())) {
            return Optional.of("network namespaces need root [uid=" + uid.strip() + "]");
        }
        for (String tool : List.of("ip", "unshare", "mount")) {
            if (runQuietly("sh", "-c", "command -v " + tool).isBlank()) {
                return Optional.of("the tool '" + tool + "' is not installed");
            }
        }
        String probe =
                "anvprobe" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0xffff));
        String out = runQuietly("sh", "-c", "ip netns add " + probe + " 2>&1 && ip netns del " + probe + " 2>&1");
        if (!out.isBlank()) {
            return Optional.of("'ip netns add' does not work here: " + out.strip());
        }
        return Optional.empty();
    }

    /** Makes {@code count} hosts on one bridge; host {@code i} (from 1) gets address {@code 10.213.0.i}. */
    static NetworkHosts create(int count) {
        NetworkHosts h = new NetworkHosts();
        Runtime.getRuntime().addShutdownHook(h.reaper);
        try {
            h.sh("ip link add " + h.bridge + " type bridge && ip link set " + h.bridge + " up");
            for (int i = 1; i <= count; i++) {
                String ns = h.namespace(i);
                String veth = "anv" + h.id + "h" + i;
                h.namespaces.add(ns);
                h.sh("ip netns add " + ns
                        + " && ip link add " + veth + " type veth peer name eth0 netns " + ns
                        + " && ip link set " + veth + " master " + h.bridge + " up"
                        + " && ip -n " + ns + " addr add " + h.address(i) + "/24 dev eth0"
                        + " && ip -n " + ns + " link set eth0 up && ip -n " + ns + " link set lo up");
            }
            return h;
        } catch (RuntimeException | Error e) {
            h.close();
            throw e;
        }
    }

    /** The private address of host {@code i}. */
    String address(int i) {
        return SUBNET + i;
    }

    /** The namespace name of host {@code i}. */
    String namespace(int i) {
        return "anvil-" + id + "-" + i;
    }

    /**
     * The command prefix that runs a program on host {@code i} with a private tmpfs {@code /dev/shm}; every step
     * execs the next, so the started process is the program itself (kill -9 reaches it).
     */
    List<String> wrapper(int i) {
        return List.of(
                "ip",
                "netns",
                "exec",
                namespace(i),
                "unshare",
                "-m",
                "--propagation",
                "private",
                "sh",
                "-c",
                "mount -t tmpfs -o size=1g anvil-shm /dev/shm && exec \"$@\"",
                "sh");
    }

    /** Runs a shell command in the root namespace, failing with its output when it fails. */
    String sh(String command) {
        try {
            Process p = new ProcessBuilder("sh", "-c", command)
                    .redirectErrorStream(true)
                    .start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException("failed (" + p.exitValue() + "): " + command + "\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run: " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + command, e);
        }
    }

    private static String runQuietly(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return "timed out";
            }
            return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Kills whatever still runs in the namespaces, then deletes them and the bridge. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        teardown();
        try {
            Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) teardown, which is idempotent
        }
    }

    private void teardown() {
        for (String ns : namespaces) {
            runQuietly("sh", "-c", "for p in $(ip netns pids " + ns + " 2>/dev/null); do kill -9 $p; done");
        }
        for (String ns : namespaces) {
            runQuietly("ip", "netns", "del", ns);
        }
        runQuietly("ip", "link", "del", bridge);
    }
}
