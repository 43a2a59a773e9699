/**
 * The serializable functional interfaces that name an endpoint by method reference ({@code Actor::method}) in
 * {@code endpoint(...)}: one per arity 0 to 6, with a result ({@code EndpointFuncN}) or without
 * ({@code EndpointVoidFuncN}). Generated, like {@link dev.anvil.sdk.EndpointSource}, by
 * {@code bin/gen-endpoint-overloads.py}. Anvil never calls them; it only reads which method a reference names.
 */
package dev.anvil.sdk.function;
