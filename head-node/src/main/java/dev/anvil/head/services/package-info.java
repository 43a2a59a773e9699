/**
 * The head's side of services: {@link dev.anvil.head.services.ServiceController} places and deploys replicas, writes
 * the replica table, restarts failed replicas (with backoff, a restart limit, elsewhere when their node is gone, or
 * when a fitting worker joins) and drains and removes services on shutdown;
 * {@link dev.anvil.head.services.ReplicaDeployer} starts and stops placed ranks, uniquely named, on their workers
 * ({@code dev.anvil.worker.replica.RankHosts}). It never carries calls.
 */
package dev.anvil.head.services;
