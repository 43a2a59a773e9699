package dev.anvil.sdk;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How an outside driver joins a cluster: where, which code to ship besides its actor classes' own jars, and its TLS
 * stores. Immutable: every method returns a new copy.
 *
 * <pre>{@code
 * Anvil.connect(ConnectOptions.to("10.0.0.5:47500..47509")
 *         .code(Path.of("build/libs/app.jar"), Path.of("lib/extra.jar"))
 *         .tls(Path.of("me.p12"), "secret", Path.of("trust.p12"), "secret"));
 * }</pre>
 *
 * <p>A client bound to an address other than loopback needs the cluster's TLS settings; {@link #insecure()} lets it
 * join without them (warned about at start and shown in {@code anvil status}).
 */
public final class ConnectOptions {
    private final String address;
    private final List<Path> code;
    private final Path keyStore;
    private final String keyStorePassword;
    private final Path trustStore;
    private final String trustStorePassword;
    private final boolean insecure;

    private ConnectOptions(
            String address,
            List<Path> code,
            Path keyStore,
            String keyStorePassword,
            Path trustStore,
            String trustStorePassword,
            boolean insecure) {
        this.address = address;
        this.code = List.copyOf(code);
        this.keyStore = keyStore;
        this.keyStorePassword = keyStorePassword;
        this.trustStore = trustStore;
        this.trustStorePassword = trustStorePassword;
        this.insecure = insecure;
    }

    /**
     * Options for the cluster at {@code address}.
     *
     * @param address discovery addresses, e.g. {@code "10.0.0.5:47500..47509"}; several may be separated by commas
     */
    public static ConnectOptions to(String address) {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("cluster address is empty [address=" + address + "]");
        }
        return new ConnectOptions(address, List.of(), null, null, null, null, false);
    }

    /**
     * More jars or classes folders to ship, ahead of the actor classes' own (libraries the actors use that the workers
     * lack). Each is stored in the cluster once per content hash and loaded by workers in this client's class loader.
     */
    public ConnectOptions code(Path... paths) {
        List<Path> all = new ArrayList<>(code);
        for (Path p : paths) {
            all.add(Objects.requireNonNull(p, "code path"));
        }
        return new ConnectOptions(address, all, keyStore, keyStorePassword, trustStore, trustStorePassword, insecure);
    }

    /**
     * Mutual TLS: this client's key store (its certificate, signed by the cluster CA) and the trust store holding the
     * cluster CA; PKCS12 or JKS.
     */
    public ConnectOptions tls(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {
        return new ConnectOptions(
                address,
                code,
                Objects.requireNonNull(keyStore, "keyStore"),
                Objects.requireNonNull(keyStorePassword, "keyStorePassword"),
                Objects.requireNonNull(trustStore, "trustStore"),
                Objects.requireNonNull(trustStorePassword, "trustStorePassword"),
                insecure);
    }

    /** Joins a cluster off loopback without TLS: anyone on the network could join it too. Warned about at start. */
    public ConnectOptions insecure() {
        return new ConnectOptions(address, code, keyStore, keyStorePassword, trustStore, trustStorePassword, true);
    }

    public String address() {
        return address;
    }

    /** The extra code to ship. */
    public List<Path> code() {
        return code;
    }

    /** Whether TLS stores are set. */
    public boolean hasTls() {
        return keyStore != null;
    }

    public Path keyStore() {
        return keyStore;
    }

    public String keyStorePassword() {
        return keyStorePassword;
    }

    public Path trustStore() {
        return trustStore;
    }

    public String trustStorePassword() {
        return trustStorePassword;
    }

    public boolean isInsecure() {
        return insecure;
    }

    @Override
    public String toString() {
        return "ConnectOptions[address=" + address + ", code=" + code + ", tls=" + hasTls() + ", insecure=" + insecure
                + "]";
    }
}
