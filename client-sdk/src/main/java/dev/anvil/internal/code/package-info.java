/**
 * Code that outside drivers ship to the cluster: {@link dev.anvil.internal.code.CodeBundle} (a jar, or a classes
 * folder packed as one, named by its SHA-256), {@link dev.anvil.internal.code.CodeStore} (the cluster cache that
 * holds each bundle once per content hash, in chunks, and which clients use it),
 * {@link dev.anvil.internal.code.ClientCode} (what a service spec carries: the client and its bundles) and
 * {@link dev.anvil.internal.code.CodeShipper} (one per outside connection: ships what each deployed actor class
 * needs). Workers load shipped code in a class loader per client, as they do for submitted jobs.
 */
package dev.anvil.internal.code;
