/**
 * {@code anvil status}: {@link dev.anvil.head.status.StatusCollector} takes a
 * {@link dev.anvil.head.status.ClusterStatus} from any node (nodes and resources from the topology and node
 * attributes, each worker's blob holder through {@code BlobUsageTask}, services from the replica table and specs
 * through {@link dev.anvil.head.status.ServicesSection}, jobs through {@link dev.anvil.head.status.JobsSection}); the
 * summary records it is made of; {@link dev.anvil.head.status.StatusFormat} renders it as a table or JSON; and
 * {@link dev.anvil.head.status.StatusHttpServer} serves it on the head ({@code /status}, {@code /status.txt},
 * {@code /healthz}).
 */
package dev.anvil.head.status;
