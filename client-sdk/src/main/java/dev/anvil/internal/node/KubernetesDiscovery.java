package dev.anvil.internal.node;

/**
 * Discovery through the Kubernetes API instead of a static address list: the seeds are the ready pods behind a
 * service (Ignite's {@code TcpDiscoveryKubernetesIpFinder}, artifact {@code ignite-kubernetes}).
 *
 * @param namespace namespace of the service (Ignite's default: {@code default})
 * @param serviceName service selecting the Anvil server pods (Ignite's default: {@code ignite})
 * @param masterUrl API server URL, or {@code null} for the in-cluster default
 * @param accountToken path of the service-account token, or {@code null} for the in-cluster default
 */
public record KubernetesDiscovery(String namespace, String serviceName, String masterUrl, String accountToken) {}
