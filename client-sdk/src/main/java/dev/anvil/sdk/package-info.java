/**
 * The public API of Anvil: connecting to a cluster ({@link dev.anvil.sdk.Anvil}), spawning actor classes as services
 * or single actors ({@link dev.anvil.sdk.ServiceOptions}, {@link dev.anvil.sdk.ServiceHandle},
 * {@link dev.anvil.sdk.ActorHandle}, {@link dev.anvil.sdk.Session}, {@link dev.anvil.sdk.Endpoint}) and calling them
 * ({@link dev.anvil.sdk.EndpointCall}), replay buffers, weight stores, jobs ({@link dev.anvil.sdk.JobClient}), and the
 * unchecked exceptions under {@link dev.anvil.sdk.AnvilException}. It imports no {@code dev.anvil.internal} package:
 * the implementation is found at run time through {@link java.util.ServiceLoader} ({@link dev.anvil.sdk.AnvilRuntime},
 * and {@link dev.anvil.sdk.LocalClusterProvider} for {@code Anvil.local}), and {@link dev.anvil.sdk.ServiceSpawner} is
 * the runtime's plug behind {@code ServiceOptions}. Described in {@code docs/API.md}.
 */
package dev.anvil.sdk;
