package dev.anvil.sdk;

import java.util.Collection;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to an Anvil cluster: the entry point of the SDK.
 *
 * <pre>{@code
 * try (Anvil anvil = Anvil.local(2)) {                       // embedded head + 2 workers
 *     ServiceHandle<Counter> counter = anvil.options(Counter.class).numReplicas(4).asService(0);
 *     int v = counter.endpoint(Counter::increment).route().join();
 * }
 * }</pre>
 */
public interface Anvil extends AutoCloseable {

    /** Environment variable {@link #connect()} reads outside a job. */
    String ADDRESS_ENV = "ANVIL_ADDRESS";

    /**
     * Joins a running cluster as a client.
     *
     * @param addresses discovery addresses of the cluster, e.g. {@code "127.0.0.1:47500..47509"}; several may be
     *     separated by commas
     * @throws AnvilException when no cluster answers within the join timeout
     */
    static Anvil connect(String addresses) {
        return AnvilRuntime.get().connect(addresses);
    }

    /**
     * Joins a running cluster as a client with {@code options}: its address, the code to ship and its TLS stores.
     *
     * @throws AnvilException when no cluster answers within the join timeout
     * @throws IllegalStateException when the client would bind an address other than loopback without TLS (and
     *     without {@link ConnectOptions#insecure()})
     */
    static Anvil connect(ConnectOptions options) {
        return AnvilRuntime.get().connect(options);
    }

    /**
     * Connects to the cluster this code runs in: inside a submitted job, the cluster running the job; inside an actor's
     * constructor, {@code setup()}, endpoints or {@code cleanup()}, the cluster of the worker hosting it (closing that
     * handle leaves the worker running); elsewhere the address in the {@value #ADDRESS_ENV} environment variable.
     */
    static Anvil connect() {
        return AnvilRuntime.get().connectDefault();
    }

    /** Starts an embedded head and {@code workers} workers in this JVM. */
    static Anvil local(int workers) {
        return local(workers, 0);
    }

    /** Starts an embedded head and {@code workers} workers in this JVM, each declaring {@code gpusPerWorker} GPUs. */
    static Anvil local(int workers, int gpusPerWorker) {
        if (workers < 1) {
            throw new IllegalArgumentException(
                    "an embedded cluster needs at least one worker [workers=" + workers + "]");
        }
        if (gpusPerWorker < 0) {
            throw new IllegalArgumentException("gpusPerWorker must be >= 0 [gpusPerWorker=" + gpusPerWorker + "]");
        }
        LocalClusterProvider provider = ServiceLoader.load(LocalClusterProvider.class)
                .findFirst()
                .orElseThrow(() -> new AnvilException(
                        "Anvil.local needs the head-node module on the classpath" + " [missing=dev.anvil:head-node]"));
        return provider.start(workers, gpusPerWorker);
    }

    /**
     * Opens (creating when needed) the cluster-wide replay buffer {@code name}.
     *
     * @throws ReplayBufferMismatchException when the name is in use with another element type or configuration
     * @throws ElementNotStorableException when {@code elementType} cannot be serialized
     */
    <E> ReplayBuffer<E> replayBuffer(String name, Class<E> elementType, ReplayBufferConfig config);

    /** Opens (creating when needed) the cluster-wide weight store {@code name}, keeping its 2 newest versions. */
    default WeightStore weightStore(String name) {
        return weightStore(name, WeightStoreConfig.defaults());
    }

    /** Opens (creating when needed) the cluster-wide weight store {@code name} with the given retention and chunking. */
    WeightStore weightStore(String name, WeightStoreConfig config);

    /**
     * The progress figures of run {@code run}, which the head's dashboard plots while the run goes on.
     *
     * @throws IllegalArgumentException when {@code run} is not 1-100 letters, digits, '.', '_' or '-'
     */
    RunMetrics runMetrics(String run);

    /**
     * Starts describing how to spawn {@code actorClass} as a service or an actor.
     *
     * @param actorClass a public class whose public {@link Endpoint} methods are its endpoints
     */
    <A> ServiceOptions<A> options(Class<A> actorClass);

    /**
     * Yields the results of {@code futures} in the order they complete (Ray's {@code as_completed}); each
     * {@link ReplicaResult#replica()} is the future's position in {@code futures}. An empty collection gives an empty
     * stream.
     */
    default <T> CompletionStream<T> asCompleted(Collection<? extends CompletableFuture<? extends T>> futures) {
        return CompletionStream.of(futures);
    }

    /** The discovery address other processes can pass to {@link #connect(String)} to reach this cluster. */
    String address();

    /** Stops this connection; for an embedded cluster, stops every node it started. */
    @Override
    void close();
}
