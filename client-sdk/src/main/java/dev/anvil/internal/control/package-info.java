/**
 * The one request path to the head: any process sends a {@link dev.anvil.internal.control.HeadTask} (deploy or shut
 * down a service, submit or stop a job) through {@link dev.anvil.internal.control.HeadClient}; the head runs it
 * against the {@link dev.anvil.internal.control.HeadControl} registered in its node-local map (head-node's
 * {@code HeadControlPlane}) and answers with a {@link dev.anvil.internal.control.HeadReply}, which carries failures as
 * data and throws them again on the caller's side as the same SDK exceptions. Calls to replicas never take this path
 * ({@code dev.anvil.internal.routing}).
 */
package dev.anvil.internal.control;
