package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.internal.node.FreePorts;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.DeploymentException;
import dev.anvil.sdk.InsufficientResourcesException;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.ServiceStoppedException;
import dev.anvil.sdk.function.EndpointFunc0;
import dev.anvil.sdk.function.EndpointFunc1;
import dev.anvil.testkit.Clusters;
import dev.anvil.worker.replica.HostedRanksTask;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bad input of the services issue, each with the clear error it must give. */
class ServiceBadInputTest {
    private static Anvil anvil;
    private static ServiceHandle<Counter> counter;

    @BeforeAll
    static void start() {
        anvil = Anvil.local(2, 2);
        counter = anvil.options(Counter.class)
                .name("bad-input-counter")
                .numReplicas(2)
                .asService(0);
    }

    @AfterAll
    static void stop() {
        anvil.close();
    }

    @Test
    void nonEndpointMethodIsRefused() {
        assertThatThrownBy(() -> counter.endpoint(Counter::secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an @Endpoint")
                .hasMessageContaining("Counter::secret");
    }

    @Test
    void unknownMethodIsRefused() {
        EndpointFunc0<Counter, String> notOfCounter = Object::toString;
        assertThatThrownBy(() -> counter.endpoint(notOfCounter))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toString");
        assertThatThrownBy(() -> counter.endpoint((Counter c) -> c.increment()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method references");
    }

    @Test
    @SuppressWarnings({"unchecked", "rawtypes"})
    void wrongArgumentTypesAreRefused() {
        EndpointFunc1<Counter, Integer, Integer> add = Counter::add;
        assertThatThrownBy(() -> counter.endpoint((EndpointFunc1) add, "seven"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wrong argument type")
                .hasMessageContaining("expected=int")
                .hasMessageContaining("actual=java.lang.String");
        assertThatThrownBy(() -> counter.endpoint((EndpointFunc1) add, (Object) null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("actual=null");
    }

    @Test
    void throwingConstructorFailsTheDeployAndLeavesNothing() {
        assertThatThrownBy(() -> anvil.options(TestActors.Exploding.class)
                        .name("exploding")
                        .numReplicas(3)
                        .withGpus(true)
                        .asService("on purpose"))
                .isInstanceOf(DeploymentException.class)
                .hasMessageContaining("java.lang.IllegalStateException")
                .hasMessageContaining("constructor exploded: on purpose")
                .hasMessageContaining("service=exploding");
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> !ServiceCaches.replicas(Clusters.ignite(anvil)).containsKey("exploding#0"));
        assertThat(ServiceCaches.services(Clusters.ignite(anvil)).containsKey("exploding"))
                .isFalse();
        assertThat(Clusters.ignite(anvil)
                        .compute(Clusters.ignite(anvil).cluster().forServers())
                        .broadcast(new HostedRanksTask()))
                .allSatisfy(names -> assertThat(names).noneMatch(n -> n.startsWith("anvil.exploding.")));
        org.awaitility.Awaitility.await()
                .atMost(java.time.Duration.ofSeconds(20))
                .until(() -> Clusters.ignite(anvil).cache("anvil-gpu-ledger").size() == 0);
        // The name is free again.
        ServiceHandle<Counter> again =
                anvil.options(Counter.class).name("exploding").asService(1);
        assertThat(again.endpoint(Counter::increment).route().join()).isEqualTo(2);
        again.shutdown().join();
    }

    @Test
    void wrongConstructorArgumentsAreRefused() {
        assertThatThrownBy(() -> anvil.options(Counter.class).asService("not an int"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no public constructor")
                .hasMessageContaining("(String)");
    }

    @Test
    void zeroReplicasIsRefused() {
        assertThatThrownBy(() -> anvil.options(Counter.class).numReplicas(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numReplicas=0");
        assertThatThrownBy(() -> anvil.options(Counter.class).procs(0)).hasMessageContaining("procs=0");
        assertThatThrownBy(() -> anvil.options(Counter.class).maxConcurrentRequests(0))
                .hasMessageContaining("maxConcurrentRequests=0");
        assertThatThrownBy(() -> anvil.options(Counter.class).procs(1).hosts(2).asService(0))
                .hasMessageContaining("hosts must be <= procs");
    }

    @Test
    void moreGpusThanTheClusterHasNamesAskedAndAvailable() {
        // 2 workers x 2 GPUs = 4; 5 replicas x 1 GPU asks for 5.
        assertThatThrownBy(() -> anvil.options(Counter.class)
                        .name("greedy")
                        .numReplicas(5)
                        .withGpus(true)
                        .asService(0))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessageContaining("asked=5")
                .hasMessageContaining("available=4")
                .hasMessageContaining("resource=gpus");
        assertThat(ServiceCaches.services(Clusters.ignite(anvil)).containsKey("greedy"))
                .isFalse();
    }

    @Test
    void moreWorkersThanTheClusterHasIsRefused() {
        assertThatThrownBy(() -> anvil.options(Counter.class).procs(3).hosts(3).asService(0))
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessageContaining("resource=workers")
                .hasMessageContaining("asked=3")
                .hasMessageContaining("available=2");
    }

    @Test
    void callOneOnAServiceIsRefused() {
        assertThatThrownBy(() -> counter.endpoint(Counter::increment).callOne())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("callOne() is for actors")
                .hasMessageContaining("service=bad-input-counter");
    }

    @Test
    void callsAfterShutdownFail() {
        ServiceHandle<Counter> c =
                anvil.options(Counter.class).name("short-lived").numReplicas(2).asService(0);
        assertThat(c.endpoint(Counter::increment).route().join()).isEqualTo(1);
        c.shutdown().join();
        assertThat(c.replicas()).isEmpty();
        assertThatThrownBy(() -> c.endpoint(Counter::increment).route().join())
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(ServiceStoppedException.class)
                .hasMessageContaining("service=short-lived");
        assertThatThrownBy(() -> c.endpoint(Counter::getValue).fanout().join())
                .hasCauseInstanceOf(ServiceStoppedException.class);
    }

    @Test
    void duplicateNameIsRefused() {
        assertThatThrownBy(() ->
                        anvil.options(Counter.class).name("bad-input-counter").asService(0))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining("already running");
    }

    @Test
    void connectToADeadAddressFailsClearly() {
        int port = FreePorts.freeBlock("127.0.0.1", 3);
        String address = "127.0.0.1:" + port + ".." + (port + 2);
        assertThatThrownBy(() -> Anvil.connect(address))
                .isInstanceOf(AnvilException.class)
                .hasMessageContaining(address);
    }
}
