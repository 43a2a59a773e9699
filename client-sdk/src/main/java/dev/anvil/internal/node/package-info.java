/**
 * Node settings and start-up shared by every Anvil process: {@link dev.anvil.internal.node.NodeSettings} (all one node
 * needs), {@link dev.anvil.internal.node.IgniteConfigFactory} (the one place that turns them into an
 * {@code IgniteConfiguration}), {@link dev.anvil.internal.node.NodeStarter} (starts a node from it, optionally
 * extended, as worker-node's {@code BlobHostingNode} does with its blob holder), the node attributes
 * ({@link dev.anvil.internal.node.NodeAttributes}, {@link dev.anvil.internal.node.NodeRole},
 * {@link dev.anvil.internal.node.NodeResources}, {@link dev.anvil.internal.node.GpuInfo}), TLS and Kubernetes
 * discovery settings, {@link dev.anvil.internal.node.NodeLocalKey} (the typed key every use of Ignite's node-local map
 * goes through), free port blocks and the Ignite logger. What a head or a worker runs on its node is in the node
 * modules.
 */
package dev.anvil.internal.node;
