/**
 * Cache configurations of the distributed state ({@link dev.anvil.internal.state.StateCaches}): replay-buffer caches
 * partitioned with one backup in the capped, evicting {@code anvil-state} region, on the server nodes other than the
 * head; small records that must never be evicted (weight manifests, the replay-buffer registry) in the default region.
 * Weight bytes are not in Ignite at all: see {@code dev.anvil.internal.weights}.
 */
package dev.anvil.internal.state;
