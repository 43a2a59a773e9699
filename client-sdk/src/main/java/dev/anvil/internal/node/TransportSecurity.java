package dev.anvil.internal.node;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.ignite.Ignite;
import org.apache.ignite.ssl.SslContextFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Secure by default: a node or client bound to an address other than loopback must use the cluster's TLS (only
 * certificates the cluster CA signed join; blob transfers use the same TLS), or have been started with an explicit
 * {@code --insecure} (the {@link NodeAttributes#INSECURE} attribute), which is warned about here and shown in
 * {@code anvil status}. Every node and client starts through {@link NodeStarter}, which asks this class first.
 */
public final class TransportSecurity {
    private static final Logger LOG = LoggerFactory.getLogger(TransportSecurity.class);

    private TransportSecurity() {}

    /**
     * Refuses settings that would put a node on the network without TLS, unless marked insecure.
     *
     * @throws IllegalStateException naming the address and how to fix it
     */
    public static void check(NodeSettings s) {
        if (s.tls() != null || isLoopback(s.host())) {
            return;
        }
        String where = s.host() == null ? "every interface" : s.host();
        if (isInsecure(s)) {
            LOG.warn(
                    "INSECURE: {} node {} listens on {} without TLS: any process that reaches it can join the"
                            + " cluster, run code on it and read its data; configure tls (cluster-configs/tls) instead",
                    s.role().name().toLowerCase(Locale.ROOT),
                    s.instanceName(),
                    where);
            return;
        }
        throw new IllegalStateException("refusing to start a " + s.role().name().toLowerCase(Locale.ROOT)
                + " on " + where + " without TLS: off loopback the cluster needs mutual TLS. Fix: give it the"
                + " cluster's tls settings (a tls section in --config, see cluster-configs/tls/tls.yaml and"
                + " make-certs.sh; SDK clients: ConnectOptions.tls(...)), bind loopback (--host 127.0.0.1), or,"
                + " on a network you trust, start it with --insecure (SDK: ConnectOptions.insecure())"
                + " [host=" + where + ", role=" + s.role() + "]");
    }

    /** Environment variables through which a node hands its TLS stores and insecure mark to a driver it launches. */
    public static final String ENV_KEY_STORE = "ANVIL_TLS_KEY_STORE";

    public static final String ENV_KEY_STORE_PASSWORD = "ANVIL_TLS_KEY_STORE_PASSWORD";
    public static final String ENV_TRUST_STORE = "ANVIL_TLS_TRUST_STORE";
    public static final String ENV_TRUST_STORE_PASSWORD = "ANVIL_TLS_TRUST_STORE_PASSWORD";
    public static final String ENV_INSECURE = "ANVIL_INSECURE";

    /**
     * The environment a process launched by {@code node} (a job's driver) needs to join as the node did: its TLS
     * stores (in the environment, not on a command line others can read) and its insecure mark.
     */
    public static Map<String, String> driverEnvironment(Ignite node) {
        Map<String, String> env = new HashMap<>();
        if (node.configuration().getSslContextFactory() instanceof SslContextFactory f) {
            env.put(ENV_KEY_STORE, f.getKeyStoreFilePath());
            env.put(ENV_KEY_STORE_PASSWORD, new String(f.getKeyStorePassword()));
            env.put(ENV_TRUST_STORE, f.getTrustStoreFilePath());
            env.put(ENV_TRUST_STORE_PASSWORD, new String(f.getTrustStorePassword()));
        }
        if (Boolean.TRUE.equals(node.cluster().localNode().attribute(NodeAttributes.INSECURE))) {
            env.put(ENV_INSECURE, "true");
        }
        return env;
    }

    /** The TLS stores {@link #driverEnvironment} handed over, or {@code null}. */
    public static TlsSettings tlsFromEnvironment(Map<String, String> env) {
        String ks = env.get(ENV_KEY_STORE);
        if (ks == null || ks.isBlank()) {
            return null;
        }
        return new TlsSettings(
                Path.of(ks),
                env.getOrDefault(ENV_KEY_STORE_PASSWORD, ""),
                Path.of(env.getOrDefault(ENV_TRUST_STORE, ks)),
                env.getOrDefault(ENV_TRUST_STORE_PASSWORD, ""));
    }

    /** Whether {@code s} is marked {@code --insecure}. */
    public static boolean isInsecure(NodeSettings s) {
        return Boolean.TRUE.equals(s.extraAttributes().get(NodeAttributes.INSECURE));
    }

    /** Whether {@code host} is a loopback address ({@code null}, every interface, is not). */
    public static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equals("localhost") || h.startsWith("127.") || h.equals("::1")) {
            return true;
        }
        if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return false; // a host name other than localhost: do not resolve it, treat it as the network
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
