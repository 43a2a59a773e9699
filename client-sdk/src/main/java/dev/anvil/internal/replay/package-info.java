/**
 * Replay buffers on Ignite caches: {@link dev.anvil.internal.replay.IgniteReplayBuffer} over one cache of
 * {@link dev.anvil.internal.replay.ReplayKey} to {@link dev.anvil.internal.replay.ReplayEntry} per buffer, opened by
 * name through {@link dev.anvil.internal.replay.ReplayBuffers} (which keeps each name's element type and
 * configuration); elements serialized on the caller's side ({@link dev.anvil.internal.replay.ElementCodec}); a
 * sampler's key index fed by a keys-only continuous query; entry processors that claim, give back and count samples;
 * {@link dev.anvil.internal.replay.LiveKeysTask}, the authoritative listing; and
 * {@link dev.anvil.internal.replay.ReplayState}, the byte form of {@code stateDict()}. Cache settings are in
 * {@code dev.anvil.internal.state}.
 */
package dev.anvil.internal.replay;
