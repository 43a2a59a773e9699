/**
 * The worker: {@link dev.anvil.worker.WorkerNode} starts an Ignite server node with role {@code worker}, its resources
 * as node attributes and its blob holder ({@code dev.anvil.worker.blobs}), registers the job class loaders and the
 * driver launcher ({@code dev.anvil.worker.jobs}), and refuses to run in a cluster without a head. Replicas are
 * deployed onto it by the head ({@code dev.anvil.worker.replica}). The {@code anvil worker} command is head-node's
 * {@code dev.anvil.cli}.
 */
package dev.anvil.worker;
