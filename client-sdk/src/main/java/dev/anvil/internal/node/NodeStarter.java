package dev.anvil.internal.node;

import java.util.function.UnaryOperator;
import org.apache.ignite.Ignite;
import org.apache.ignite.Ignition;
import org.apache.ignite.configuration.IgniteConfiguration;

/**
 * Starts the Ignite node of an Anvil process from {@link IgniteConfigFactory}. A node module that runs more next to
 * its Ignite node (a worker's blob holder) adds it to the configuration through {@link #start(NodeSettings,
 * UnaryOperator)}.
 */
public final class NodeStarter {
    private NodeStarter() {}

    /** Starts the node {@code s} describes. */
    public static Ignite start(NodeSettings s) {
        TransportSecurity.check(s);
        return Ignition.start(IgniteConfigFactory.create(s));
    }

    /** Starts the node {@code s} describes, with its configuration passed through {@code extend} first. */
    public static Ignite start(NodeSettings s, UnaryOperator<IgniteConfiguration> extend) {
        TransportSecurity.check(s);
        return Ignition.start(extend.apply(IgniteConfigFactory.create(s)));
    }
}
