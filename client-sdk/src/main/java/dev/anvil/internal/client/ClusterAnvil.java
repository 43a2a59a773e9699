package dev.anvil.internal.client;

import dev.anvil.internal.code.CodeShipper;
import dev.anvil.internal.replay.ReplayBuffers;
import dev.anvil.internal.services.ServicesClient;
import dev.anvil.internal.state.ClusterRunMetrics;
import dev.anvil.internal.weights.WeightStores;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.RunMetrics;
import dev.anvil.sdk.ServiceOptions;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightStoreConfig;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.ignite.Ignite;

/**
 * The {@link Anvil} implementation: an Ignite node of the cluster (a client node, or the head of an embedded
 * cluster) plus the SDK pieces built on it.
 */
public class ClusterAnvil implements Anvil {
    private final Ignite ignite;
    private final String address;
    private final Runnable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile ServicesClient services;
    private final Function<Ignite, CodeShipper> shipper;

    /**
     * @param ignite the node this handle talks through
     * @param address discovery address of the cluster
     * @param onClose stops what this handle owns (its client node, or the whole embedded cluster)
     */
    public ClusterAnvil(Ignite ignite, String address, Runnable onClose) {
        this(ignite, address, onClose, null);
    }

    /**
     * A handle of an outside driver, which ships the code of the actor classes it deploys.
     *
     * @param shipper makes the code shipper of the node, or {@code null} when the workers have the code already
     */
    public ClusterAnvil(Ignite ignite, String address, Runnable onClose, Function<Ignite, CodeShipper> shipper) {
        this.shipper = shipper;
        this.ignite = ignite;
        this.address = address;
        this.onClose = onClose;
    }

    /** The Ignite node behind this handle; for Anvil's own modules, not part of the public API. */
    public Ignite ignite() {
        return ignite;
    }

    @Override
    public <E> ReplayBuffer<E> replayBuffer(String name, Class<E> elementType, ReplayBufferConfig config) {
        return ReplayBuffers.open(ignite, name, elementType, config);
    }

    @Override
    public WeightStore weightStore(String name, WeightStoreConfig config) {
        return WeightStores.open(ignite, name, config);
    }

    @Override
    public RunMetrics runMetrics(String run) {
        return new ClusterRunMetrics(ignite, run);
    }

    @Override
    public String address() {
        return address;
    }

    /** Whether {@link #close()} was called. */
    public boolean isClosed() {
        return closed.get();
    }

    @Override
    public <A> ServiceOptions<A> options(Class<A> actorClass) {
        return new ServiceOptions<>(services(), actorClass);
    }

    private synchronized ServicesClient services() {
        if (services == null) {
            services = new ServicesClient(ignite, shipper == null ? null : shipper.apply(ignite));
        }
        return services;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            if (services != null) {
                services.close();
            }
            onClose.run();
        }
    }
}
