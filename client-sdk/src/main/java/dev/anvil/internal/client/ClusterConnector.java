package dev.anvil.internal.client;

import dev.anvil.internal.calls.ReplicaContextHolder;
import dev.anvil.internal.code.CodeShipper;
import dev.anvil.internal.jobs.ClusterJobClient;
import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.internal.node.NodeStarter;
import dev.anvil.internal.node.TlsSettings;
import dev.anvil.internal.node.TransportSecurity;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.ConnectOptions;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.ReplicaContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.spi.discovery.tcp.TcpDiscoverySpi;
import org.apache.ignite.spi.discovery.tcp.ipfinder.vm.TcpDiscoveryVmIpFinder;

/** Joins a running cluster as an Ignite client node. */
public final class ClusterConnector {
    /** Join timeout of SDK clients; a client without one waits forever for a head that is not there. */
    public static final long CLIENT_JOIN_TIMEOUT_MS = 10_000;

    /** The cluster a submitted job runs in, set by the job runner; {@code null} outside jobs. */
    private static final AtomicReference<java.util.function.Supplier<Anvil>> JOB_CLUSTER = new AtomicReference<>();

    private ClusterConnector() {}

    /** Joins the cluster at {@code addresses} (comma-separated {@code host:port} or {@code host:from..to}). */
    public static Anvil connect(String addresses) {
        return connect(ConnectOptions.to(addresses));
    }

    /**
     * Joins the cluster at {@code addresses} over mutual TLS.
     *
     * @param tls this client's key store and the cluster's trust store, or {@code null} for plain TCP
     */
    public static Anvil connect(String addresses, TlsSettings tls) {
        return connect(addresses, tls, false, List.of());
    }

    /** Joins the cluster as {@code options} say: an outside driver, which ships the code of its actor classes. */
    public static Anvil connect(ConnectOptions options) {
        TlsSettings tls = options.hasTls()
                ? new TlsSettings(
                        options.keyStore(),
                        options.keyStorePassword(),
                        options.trustStore(),
                        options.trustStorePassword())
                : null;
        return connect(options.address(), tls, options.isInsecure(), options.code());
    }

    /**
     * Joins the cluster at {@code addresses}.
     *
     * @param tls this client's key store and the cluster's trust store, or {@code null} for plain TCP
     * @param insecure join a cluster off loopback without TLS (warned about)
     * @param code more jars or folders to ship with the actor classes this client deploys
     */
    public static Anvil connect(String addresses, TlsSettings tls, boolean insecure, List<Path> code) {
        List<String> seeds = parseAddresses(addresses);
        // A client's work folder (marshaller mappings) is private and temporary: never the caller's current directory.
        Path workDir = tempWorkDir();
        // Loopback clusters get a loopback client; otherwise bind every interface so remote servers can reach us.
        String host = seeds.stream().allMatch(ClusterConnector::isLoopback) ? "127.0.0.1" : null;
        NodeSettings.Builder b = NodeSettings.builder(NodeRole.CLIENT, "anvil-client-" + UUID.randomUUID())
                .host(host)
                .communicationPort(FreePorts.freeBlock("127.0.0.1", 20))
                .workDir(workDir)
                .seeds(seeds)
                .discoveryPort(NodeSettings.DEFAULT_DISCOVERY_PORT + 100)
                .discoveryPortRange(100)
                .joinTimeoutMs(CLIENT_JOIN_TIMEOUT_MS)
                .tls(tls);
        if (insecure) {
            b.attribute(NodeAttributes.INSECURE, true);
        }
        NodeSettings settings = b.build();
        // Secure by default: refused before anything is opened, with a message that says how to fix it.
        TransportSecurity.check(settings);
        Ignite ignite;
        try {
            ignite = NodeStarter.start(settings);
        } catch (RuntimeException e) {
            deleteTree(workDir);
            throw new AnvilException(
                    "no Anvil cluster answered within " + CLIENT_JOIN_TIMEOUT_MS + " ms [address=" + addresses + "]",
                    e);
        }
        List<Path> extra = List.copyOf(code);
        return new ClusterAnvil(
                ignite,
                addresses,
                () -> {
                    ignite.close();
                    deleteTree(workDir);
                },
                node -> new CodeShipper(node, extra));
    }

    /**
     * A job client with a client node of its own in the cluster at {@code address} (over TLS when {@code tls} is
     * given), presenting {@code token}; closing it leaves the cluster.
     */
    public static JobClient jobClient(String address, String token, TlsSettings tls) {
        return jobClient(address, token, tls, false);
    }

    /** As {@link #jobClient(String, String, TlsSettings)}; {@code insecure} joins off loopback without TLS. */
    public static JobClient jobClient(String address, String token, TlsSettings tls, boolean insecure) {
        Anvil anvil = connect(address, tls, insecure, List.of());
        try {
            return new ClusterJobClient(((ClusterAnvil) anvil).ignite(), token, anvil::close);
        } catch (RuntimeException e) {
            anvil.close();
            throw e;
        }
    }

    private static boolean isLoopback(String seed) {
        String h = seed.substring(0, seed.lastIndexOf(':'));
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    private static Path tempWorkDir() {
        try {
            return Files.createTempDirectory("anvil-client-");
        } catch (IOException e) {
            throw new UncheckedIOException("could not create a client work folder", e);
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp folder: the OS cleans it up
        }
    }

    /** See {@link Anvil#connect()}. */
    public static Anvil connectDefault() {
        java.util.function.Supplier<Anvil> job = JOB_CLUSTER.get();
        if (job != null) {
            return job.get();
        }
        ReplicaContext replica = ReplicaContextHolder.get();
        if (replica != null) {
            return hostingCluster(replica);
        }
        String env = System.getenv(Anvil.ADDRESS_ENV);
        if (env == null || env.isBlank()) {
            throw new AnvilException("Anvil.connect() outside a job needs the " + Anvil.ADDRESS_ENV
                    + " environment variable [" + Anvil.ADDRESS_ENV + "=<unset>]");
        }
        return connect(env);
    }

    /**
     * The cluster of the worker hosting an actor instance: a handle on the worker's own Ignite node, so a replica
     * reaches replay buffers, weight stores and other services without joining as a second node. Closing the handle
     * leaves the node running.
     */
    private static Anvil hostingCluster(ReplicaContext replica) {
        Ignite node = Ignition.allGrids().stream()
                .filter(g -> String.valueOf(g.cluster().localNode().id()).equals(replica.nodeId()))
                .findFirst()
                .orElseThrow(() -> new AnvilException("the node hosting this replica is not running [service="
                        + replica.service() + ", replica=" + replica.replica() + ", nodeId=" + replica.nodeId() + "]"));
        return new ClusterAnvil(node, discoveryAddress(node), () -> {});
    }

    /** The discovery seeds a node was started with, as an address other processes can connect to. */
    private static String discoveryAddress(Ignite node) {
        if (node.configuration().getDiscoverySpi() instanceof TcpDiscoverySpi spi
                && spi.getIpFinder() instanceof TcpDiscoveryVmIpFinder finder) {
            return String.join(
                    ",",
                    finder.getRegisteredAddresses().stream()
                            .map(a -> a.getHostString() + ":" + a.getPort())
                            .distinct()
                            .toList());
        }
        return "";
    }

    /** Installs the supplier {@link Anvil#connect()} uses inside a submitted job. */
    public static void setJobCluster(java.util.function.Supplier<Anvil> supplier) {
        JOB_CLUSTER.set(supplier);
    }

    /** Splits and checks a discovery address list. */
    public static List<String> parseAddresses(String addresses) {
        if (addresses == null || addresses.isBlank()) {
            throw new IllegalArgumentException("cluster address is empty [address=" + addresses + "]");
        }
        List<String> seeds = Arrays.stream(addresses.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .toList();
        for (String seed : seeds) {
            if (!seed.matches("[^:\\s]+:\\d{1,5}(\\.\\.\\d{1,5})?")) {
                throw new IllegalArgumentException(
                        "cluster address must be HOST:PORT or HOST:FROM..TO [address=" + seed + "]");
            }
        }
        return seeds;
    }
}
