/**
 * Which head acts: {@link dev.anvil.head.election.HeadRole} follows the cluster's topology and tells its head when it
 * becomes the active one (the oldest live head, {@code dev.anvil.internal.control.ActiveHead}) and when it stops
 * being it. Standby heads wait here; the control plane runs only while the role is held.
 */
package dev.anvil.head.election;
