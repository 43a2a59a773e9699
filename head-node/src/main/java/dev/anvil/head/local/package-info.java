/**
 * The embedded cluster behind {@code Anvil.local(n[, gpus])}: {@link dev.anvil.head.local.LocalCluster}, the
 * {@code LocalClusterProvider} found through {@code META-INF/services}, starts a head and n workers in this JVM on a
 * free loopback port block and stops them all when the returned handle is closed.
 */
package dev.anvil.head.local;
