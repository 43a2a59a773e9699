package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.Endpoint;
import dev.anvil.sdk.WeightStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code Anvil.connect()} inside an actor returns the cluster hosting it, without joining a second node. */
class ReplicaConnectTest {

    /** Reads and writes a weight store through the hosting cluster, from setup() and from an endpoint. */
    public static class StoreUser {
        private Anvil cluster;

        public void setup() {
            cluster = Anvil.connect();
        }

        @Endpoint
        public long latest(String store) {
            return cluster.weightStore(store).latestVersion();
        }

        @Endpoint
        public int pushFromEndpoint(String store, long version) {
            try (Anvil again = Anvil.connect()) {
                again.weightStore(store).push(version, Map.of("w", new byte[] {1, 2, 3, 4}));
            }
            return cluster.weightStore(store).pull(version).get("w").length;
        }
    }

    @Test
    void replicaReachesItsHostingCluster() {
        try (Anvil anvil = Anvil.local(1)) {
            WeightStore ws = anvil.weightStore("replica-connect");
            ws.push(3, Map.of("w", new byte[8]));
            ActorHandle<StoreUser> actor = anvil.options(StoreUser.class).asActor();
            assertThat(actor.endpoint(StoreUser::latest, "replica-connect")
                            .callOne()
                            .join())
                    .isEqualTo(3L);
            // Closing the handle made inside the endpoint must leave the worker (and the actor) running.
            assertThat(actor.endpoint(StoreUser::pushFromEndpoint, "replica-connect", 4L)
                            .callOne()
                            .join())
                    .isEqualTo(4);
            assertThat(ws.latestVersion()).isEqualTo(4L);
            assertThat(actor.endpoint(StoreUser::latest, "replica-connect")
                            .callOne()
                            .join())
                    .isEqualTo(4L);
        }
    }
}
