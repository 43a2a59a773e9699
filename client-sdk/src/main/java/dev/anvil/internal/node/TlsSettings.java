package dev.anvil.internal.node;

import java.nio.file.Path;

/**
 * TLS with mutual authentication for discovery, communication and the thin-client port.
 *
 * @param keyStore this node's key store (PKCS12 or JKS) holding its certificate and private key
 * @param keyStorePassword the key store password
 * @param trustStore the trust store holding the cluster CA
 * @param trustStorePassword the trust store password
 */
public record TlsSettings(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {}
