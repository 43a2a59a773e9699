package dev.anvil.internal.node;

/** What an Anvil node does in the cluster; advertised as the {@link NodeAttributes#ROLE} attribute. */
public enum NodeRole {
    /** The control plane: placement, health, jobs, status. An Ignite server node. */
    HEAD,
    /** Hosts replicas; advertises GPUs, CPUs and memory. An Ignite server node. */
    WORKER,
    /** An SDK process (driver, CLI). An Ignite client node: holds no data, hosts no replica. */
    CLIENT;

    /** The attribute value, lower case ({@code head}, {@code worker}, {@code client}). */
    public String attributeValue() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
