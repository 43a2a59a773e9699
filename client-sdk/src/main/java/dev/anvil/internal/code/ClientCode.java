package dev.anvil.internal.code;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * The code an outside client shipped for its services: the client (its node id; its class loaders go when it
 * leaves) and its bundles in class path order. Carried by a service spec; a plain class, as Ignite's binary
 * marshaller cannot write records.
 */
public final class ClientCode implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String clientId;
    private final String[] hashes;
    private final String[] sources;
    private final long[] sizes;

    /** The code of client {@code clientId}: {@code bundles} in class path order. */
    public ClientCode(String clientId, List<CodeBundle> bundles) {
        this.clientId = clientId;
        this.hashes = bundles.stream().map(CodeBundle::sha256).toArray(String[]::new);
        this.sources = bundles.stream().map(CodeBundle::source).toArray(String[]::new);
        this.sizes = bundles.stream().mapToLong(b -> b.bytes().length).toArray();
    }

    /** The id of the client node that shipped the code. */
    public String clientId() {
        return clientId;
    }

    /** SHA-256 of each bundle, class path order. */
    public List<String> hashes() {
        return List.of(hashes);
    }

    /** Size in bytes of bundle {@code i}. */
    public long size(int i) {
        return sizes[i];
    }

    /** What was shipped, for messages: each bundle's source, hash prefix and size. */
    public String describe() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < hashes.length; i++) {
            out.add(CodeBundle.describe(sources[i], hashes[i], sizes[i]));
        }
        return out.toString();
    }

    /** A key naming this exact code set of this client: one class loader each. */
    public String loaderKey() {
        return clientId + "/" + String.join(",", hashes);
    }

    @Override
    public String toString() {
        return "ClientCode[client=" + clientId + ", bundles=" + describe() + "]";
    }
}
