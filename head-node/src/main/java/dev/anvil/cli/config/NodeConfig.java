package dev.anvil.cli.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.anvil.internal.node.TlsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * A node configuration file: Anvil's own YAML, read with Jackson. Every field is optional; command-line flags win
 * over the file, the file wins over the built-in laptop defaults. See {@code cluster-configs/README.md}.
 *
 * <pre>{@code
 * host: 10.0.0.5
 * discovery: { port: 47500, portRange: 10, seeds: ["10.0.0.5:47500..47509", "10.0.0.6:47500..47509"] }
 * communication: { port: 47100 }
 * head: { thinClientPort: 10800, statusPort: 8265 }
 * worker: { head: "10.0.0.5:47500..47509", gpus: auto, cpus: 16, memory: 64g, blobDir: /dev/shm/anvil-blobs, blobPort: 47700 }
 * memory: { defaultRegion: 256m, stateRegion: 1g }
 * timeouts: { joinMs: 10000, failureDetectionMs: 3000 }
 * workDir: /var/lib/anvil/work
 * tls: { keyStore: node.p12, keyStorePassword: changeit, trustStore: trust.p12, trustStorePassword: changeit }
 * }</pre>
 *
 * @param host local address to bind
 * @param discovery discovery ports and seed addresses
 * @param communication communication port
 * @param head head-only settings
 * @param worker worker-only settings
 * @param memory data region caps
 * @param timeouts join and failure-detection timeouts
 * @param workDir root of the per-node work folders
 * @param tls mutual TLS on discovery, communication and thin client
 */
public record NodeConfig(
        String host,
        Discovery discovery,
        Communication communication,
        Head head,
        Worker worker,
        Memory memory,
        Timeouts timeouts,
        String workDir,
        Tls tls) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /** An empty configuration: every value comes from flags or defaults. */
    public static NodeConfig empty() {
        return new NodeConfig(null, null, null, null, null, null, null, null, null);
    }

    /**
     * Reads a configuration file; relative paths inside it (key stores, work and blob directories) are resolved against the
     * file's folder.
     *
     * @throws ConfigException with a one-line message naming the file and the problem
     */
    public static NodeConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException("config file not found [file=" + file + "]", e);
        } catch (IOException e) {
            throw new ConfigException("config file unreadable: " + e.getMessage() + " [file=" + file + "]", e);
        }
        NodeConfig cfg;
        try {
            cfg = text.isBlank() ? empty() : YAML.readValue(text, NodeConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String path = e.getPath().stream()
                    .map(r -> r.getFieldName() == null ? "[" + r.getIndex() + "]" : r.getFieldName())
                    .reduce((a, b) -> a + "." + b)
                    .orElse(e.getPropertyName());
            throw new ConfigException(
                    "config file has an unknown setting '" + path + "' [file=" + file + ", known="
                            + e.getKnownPropertyIds() + "]",
                    e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    "config file does not parse at line " + line(e) + ": "
                            + e.getOriginalMessage().lines().findFirst().orElse("") + " [file=" + file + "]",
                    e);
        }
        return cfg == null ? empty() : cfg.resolveAgainst(file.toAbsolutePath().getParent());
    }

    /**
     * The TLS settings of the {@code tls} section, or {@code null} when there is none.
     *
     * @throws ConfigException when the section lacks a store or password
     */
    public TlsSettings tlsSettings() {
        if (tls == null) {
            return null;
        }
        if (tls.keyStore == null
                || tls.trustStore == null
                || tls.keyStorePassword == null
                || tls.trustStorePassword == null) {
            throw new ConfigException(
                    "tls needs keyStore, keyStorePassword, trustStore and trustStorePassword [tls=" + tls + "]", null);
        }
        return new TlsSettings(
                Path.of(tls.keyStore), tls.keyStorePassword, Path.of(tls.trustStore), tls.trustStorePassword);
    }

    private static int line(JsonProcessingException e) {
        return e.getLocation() == null ? 0 : e.getLocation().getLineNr();
    }

    private NodeConfig resolveAgainst(Path base) {
        Tls t = tls == null
                ? null
                : new Tls(
                        resolve(base, tls.keyStore),
                        tls.keyStorePassword,
                        resolve(base, tls.trustStore),
                        tls.trustStorePassword);
        Worker w = worker == null
                ? null
                : new Worker(
                        worker.head,
                        worker.gpus,
                        worker.cpus,
                        worker.memory,
                        resolve(base, worker.blobDir),
                        worker.blobPort);
        return new NodeConfig(host, discovery, communication, head, w, memory, timeouts, resolve(base, workDir), t);
    }

    private static String resolve(Path base, String path) {
        return path == null ? null : base.resolve(path).normalize().toString();
    }

    /**
     * Discovery settings.
     *
     * @param port first discovery port
     * @param portRange ports after {@code port} a node may take
     * @param seeds addresses of the cluster's server nodes ({@code host:port} or {@code host:from..to})
     * @param kubernetes find the seeds through the Kubernetes API instead (see {@link Kubernetes})
     */
    public record Discovery(Integer port, Integer portRange, List<String> seeds, Kubernetes kubernetes) {}

    /**
     * Kubernetes IP finder: the addresses of the pods behind a service become the seeds.
     *
     * @param namespace namespace of the service
     * @param serviceName service whose endpoints are the Anvil server pods
     * @param masterUrl Kubernetes API server URL (default: in-cluster)
     * @param accountToken path of the service-account token (default: in-cluster)
     */
    public record Kubernetes(String namespace, String serviceName, String masterUrl, String accountToken) {}

    /**
     * Communication settings.
     *
     * @param port first communication port
     */
    public record Communication(Integer port) {}

    /**
     * Head-only settings.
     *
     * @param thinClientPort thin-client port the control utility ({@code anvil inspect}) uses; 0 closes it
     * @param statusPort HTTP status port; 0 closes it
     */
    public record Head(Integer thinClientPort, Integer statusPort) {}

    /**
     * Worker-only settings.
     *
     * @param head discovery address of the head
     * @param gpus {@code auto} or a count
     * @param cpus CPUs offered to replicas
     * @param memory memory offered to replicas, e.g. {@code 8g}
     * @param blobDir root of the folder holding this worker's weight blobs (default {@code /dev/shm/anvil-blobs})
     * @param blobPort port of the worker's blob server; 0 or absent: any free port
     */
    public record Worker(String head, String gpus, Integer cpus, String memory, String blobDir, Integer blobPort) {}

    /**
     * Data region caps, e.g. {@code 256m}.
     *
     * @param defaultRegion cap of the default region
     * @param stateRegion cap of the evicting region for replay buffers
     */
    public record Memory(String defaultRegion, String stateRegion) {}

    /**
     * Timeouts in milliseconds.
     *
     * @param joinMs how long a node waits to join before failing
     * @param failureDetectionMs Ignite's failure detection timeout
     */
    public record Timeouts(Long joinMs, Long failureDetectionMs) {}

    /**
     * Mutual TLS; paths relative to the configuration file.
     *
     * @param keyStore this node's key store (PKCS12 or JKS)
     * @param keyStorePassword its password
     * @param trustStore trust store holding the cluster CA
     * @param trustStorePassword its password
     */
    public record Tls(String keyStore, String keyStorePassword, String trustStore, String trustStorePassword) {
        @Override
        public String toString() {
            // Never print the passwords.
            return "{keyStore=" + keyStore + ", trustStore=" + trustStore + "}";
        }
    }
}
