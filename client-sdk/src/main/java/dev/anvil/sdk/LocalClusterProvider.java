package dev.anvil.sdk;

/**
 * Starts an embedded cluster (head + workers in this JVM) for {@link Anvil#local(int, int)}: a service provider
 * interface implemented by the head-node module and found with {@link java.util.ServiceLoader}, so that the SDK
 * compiles without the node modules. Applications do not implement or call it.
 */
public interface LocalClusterProvider {
    /**
     * Starts a head and {@code workers} workers in this JVM, each worker declaring {@code gpusPerWorker} GPUs.
     *
     * @return a handle whose {@code close()} stops every node it started
     */
    Anvil start(int workers, int gpusPerWorker);
}
