package dev.anvil.head;

import dev.anvil.head.services.ServiceController;
import dev.anvil.internal.node.IgniteConfigFactory;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.internal.node.NodeSettings;
import dev.anvil.sdk.AnvilException;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;

/**
 * The head: an Ignite server node with role {@code head}, running the control plane (placement, health, jobs,
 * status). It is never on the data path: callers route from the replica table themselves.
 */
public final class HeadNode implements AutoCloseable {
    private final Ignite ignite;
    private final ServiceController services;

    private HeadNode(Ignite ignite) {
        this.ignite = ignite;
        this.services = ServiceController.start(ignite);
    }

    /** Starts a head with the given settings (role must be {@link NodeRole#HEAD}). */
    public static HeadNode start(NodeSettings settings) {
        if (settings.role() != NodeRole.HEAD) {
            throw new IllegalArgumentException("not head settings [role=" + settings.role() + "]");
        }
        Ignite ignite;
        try {
            ignite = Ignition.start(IgniteConfigFactory.create(settings));
        } catch (RuntimeException e) {
            throw new AnvilException("head failed to start: " + rootMessage(e) + " [instance=" + settings.instanceName()
                    + ", port=" + settings.discoveryPort() + "]", e);
        }
        try {
            return new HeadNode(ignite);
        } catch (RuntimeException e) {
            ignite.close();
            throw e;
        }
    }

    /** The head's service controller (placement, health, restarts). */
    public ServiceController services() {
        return services;
    }

    /** The head's Ignite node. */
    public Ignite ignite() {
        return ignite;
    }

    @Override
    public void close() {
        services.close();
        ignite.close();
    }

    private static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
