/**
 * The head: {@link dev.anvil.head.HeadNode} starts an Ignite server node with role {@code head} and on it the service
 * controller, the driver launcher, the job manager and the weight repair; {@link dev.anvil.head.HeadControlPlane} is
 * its {@code HeadControl}, registered in the node-local map, which answers the {@code HeadTask}s of the one request
 * path ({@code dev.anvil.internal.control}). The head is the control plane only: calls go from callers to workers and
 * state lives on the workers, never through it.
 */
package dev.anvil.head;
