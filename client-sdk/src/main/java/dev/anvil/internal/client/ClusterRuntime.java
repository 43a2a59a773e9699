package dev.anvil.internal.client;

import dev.anvil.internal.calls.ReplicaContextHolder;
import dev.anvil.internal.jobs.ClusterJobClient;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.AnvilRuntime;
import dev.anvil.sdk.ConnectOptions;
import dev.anvil.sdk.JobClient;
import dev.anvil.sdk.ReplicaContext;
import java.util.Optional;

/** The SDK's runtime on Ignite, found by {@link AnvilRuntime#get()} through {@code META-INF/services}. */
public final class ClusterRuntime implements AnvilRuntime {
    @Override
    public Anvil connect(String addresses) {
        return ClusterConnector.connect(addresses);
    }

    @Override
    public Anvil connect(ConnectOptions options) {
        return ClusterConnector.connect(options);
    }

    @Override
    public Anvil connectDefault() {
        return ClusterConnector.connectDefault();
    }

    @Override
    public JobClient jobClient(String address, String token) {
        return ClusterConnector.jobClient(address, token, null);
    }

    @Override
    public JobClient jobClient(Anvil anvil, String token) {
        if (!(anvil instanceof ClusterAnvil cluster)) {
            throw new IllegalArgumentException(
                    "not an Anvil cluster connection [anvil=" + anvil.getClass().getName() + "]");
        }
        return new ClusterJobClient(cluster.ignite(), token, () -> {});
    }

    @Override
    public Optional<ReplicaContext> currentReplica() {
        return Optional.ofNullable(ReplicaContextHolder.get());
    }
}
