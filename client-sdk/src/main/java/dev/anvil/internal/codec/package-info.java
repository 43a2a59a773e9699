/**
 * How actor classes and call values cross JVMs, shared by callers and replica hosts:
 * {@link dev.anvil.internal.codec.EndpointMethod} recovers the {@code @Endpoint} method a method reference names and
 * the signature a call sends; {@link dev.anvil.internal.codec.ActorClasses} finds constructors and lifecycle hooks and
 * checks arguments; {@link dev.anvil.internal.codec.ValueCodec} turns records and JDK immutable collections into forms
 * Ignite's binary marshaller writes, and back. Replay-buffer elements have their own codec
 * ({@code dev.anvil.internal.replay.ElementCodec}).
 */
package dev.anvil.internal.codec;
