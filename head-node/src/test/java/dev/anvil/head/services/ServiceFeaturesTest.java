package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.head.services.TestActors.Blocking;
import dev.anvil.head.services.TestActors.Box;
import dev.anvil.head.services.TestActors.Echo;
import dev.anvil.head.services.TestActors.Point;
import dev.anvil.head.services.TestActors.Where;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.CallTimeoutException;
import dev.anvil.sdk.FanoutException;
import dev.anvil.sdk.InsufficientResourcesException;
import dev.anvil.sdk.OverloadedException;
import dev.anvil.sdk.RemoteEndpointException;
import dev.anvil.sdk.ReplicaContext;
import dev.anvil.sdk.Router;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.Session;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Calls, adverbs, sessions, GPUs and backpressure on an embedded cluster of 2 workers with 2 GPUs each. */
class ServiceFeaturesTest {
    private static Anvil anvil;
    private static ServiceHandle<Echo> echo;

    @BeforeAll
    static void start() {
        anvil = Anvil.local(2, 2);
        echo = anvil.options(Echo.class).name("echo").numReplicas(3).asService();
    }

    @AfterAll
    static void stop() {
        anvil.close();
    }

    @Test
    void recordsPojosCollectionsAndArraysCrossJvmsWithoutSerializable() {
        assertThat(echo.endpoint(Echo::shift, new Point(1, 2), 10).route().join())
                .isEqualTo(new Point(11, 2));
        assertThat(echo.endpoint(Echo::reverse, List.of(new Point(1, 1), new Point(2, 2)))
                        .route()
                        .join())
                .containsExactly(new Point(2, 2), new Point(1, 1));
        Map<String, Point> in = new LinkedHashMap<>();
        in.put("a", new Point(3, 4));
        assertThat(echo.endpoint(Echo::index, in).route().join()).containsEntry("a", new Point(3, 4));
        Box scaled = echo.endpoint(Echo::scale, new Box("b", new double[] {1.5, 2}), 2.0)
                .route()
                .join();
        assertThat(scaled.label()).isEqualTo("b*2.0");
        assertThat(scaled.values()).containsExactly(3.0, 4.0);
        assertThat(echo.endpoint(Echo::twice, new int[] {1, 2, 3}).route().join())
                .containsExactly(2, 4, 6);
        assertThat(echo.endpoint(Echo::points, 2).route().join()).containsExactly(new Point(0, 0), new Point(1, -1));
        assertThat(echo.endpoint(Echo::sum6, 1, 2, 3, 4, 5, 6).route().join()).isEqualTo(21);
    }

    @Test
    void constructorArgumentsMayBeRecordsAndCollections() {
        ServiceHandle<TestActors.Holder> h = anvil.options(TestActors.Holder.class)
                .name("holder")
                .numReplicas(2)
                .asService(new Point(7, 8), List.of(new Point(1, 1), new Point(2, 2)));
        assertThat(h.endpoint(TestActors.Holder::origin).fanout().join())
                .containsExactly(new Point(7, 8), new Point(7, 8));
        assertThat(h.endpoint(TestActors.Holder::pathLength).route().join()).isEqualTo(2);
        h.shutdown().join();
    }

    @Test
    void endpointExceptionsReachTheCallerWithRemoteTypeAndMessage() {
        assertThatThrownBy(() -> echo.endpoint(Echo::fail, "bad prompt").route().join())
                .isInstanceOf(CompletionException.class)
                .cause()
                .isInstanceOf(RemoteEndpointException.class)
                .hasMessageContaining("java.lang.IllegalStateException: bad prompt")
                .satisfies(e -> {
                    RemoteEndpointException r = (RemoteEndpointException) e;
                    assertThat(r.remoteType()).isEqualTo("java.lang.IllegalStateException");
                    assertThat(r.remoteMessage()).isEqualTo("bad prompt");
                    assertThat(r.service()).isEqualTo("echo");
                });
    }

    @Test
    void fanoutReturnsReplicaOrderAndReportsFailedReplicasKeepingTheOthers() {
        List<Where> all = echo.endpoint(Echo::where).fanout().join();
        assertThat(all).extracting(Where::replica).containsExactly(0, 1, 2);
        assertThatThrownBy(() -> echo.endpoint(Echo::failOnReplica, 1).fanout().join())
                .cause()
                .isInstanceOf(FanoutException.class)
                .hasMessageContaining("1 of 3")
                .satisfies(e -> {
                    FanoutException f = (FanoutException) e;
                    assertThat(f.failures()).containsOnlyKeys(1);
                    assertThat(f.failures().get(1))
                            .isInstanceOf(RemoteEndpointException.class)
                            .hasMessageContaining("replica 1 refuses");
                    assertThat(f.results()).containsExactly(0, null, 2);
                });
    }

    @Test
    void routersSpreadCallsOverReplicas() {
        for (Router router : Router.values()) {
            ServiceHandle<Echo> s = anvil.options(Echo.class)
                    .name("router-" + router.name().toLowerCase())
                    .numReplicas(3)
                    .router(router)
                    .asService();
            Set<Integer> seen = new HashSet<>();
            List<CompletableFuture<Where>> calls = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                calls.add(s.endpoint(Echo::where).route());
            }
            calls.forEach(c -> seen.add(c.join().replica()));
            assertThat(seen).as("replicas reached by %s", router).hasSizeGreaterThan(1);
            s.shutdown().join();
        }
    }

    @Test
    void sessionsStickAndResumeByIdFromAnotherHandle() {
        try (Session<Echo> s = echo.session("conversation-42")) {
            int first = s.endpoint(Echo::where).route().join().replica();
            for (int i = 0; i < 10; i++) {
                assertThat(s.endpoint(Echo::where).route().join().replica()).isEqualTo(first);
            }
            // Resuming the id (as another process would) reaches the same replica from its first call.
            Session<Echo> resumed = echo.session("conversation-42");
            assertThat(resumed.replica()).isEqualTo(first);
            assertThat(resumed.endpoint(Echo::where).route().join().replica()).isEqualTo(first);
        }
        assertThat(echo.session("conversation-42").replica()).isEqualTo(-1);
    }

    @Test
    void gpusAreExclusivePerRankAndFreedOnShutdown() {
        // 2 replicas x 2 ranks over 2 hosts = all 4 GPUs of the cluster.
        ServiceHandle<Echo> gpu = anvil.options(Echo.class)
                .name("gpu-echo")
                .numReplicas(2)
                .procs(2)
                .hosts(2)
                .withGpus(true)
                .asService();
        List<Where> rank0s = gpu.endpoint(Echo::where).fanout().join();
        assertThat(rank0s).allSatisfy(w -> {
            assertThat(w.rank()).isZero();
            assertThat(w.worldSize()).isEqualTo(2);
            assertThat(w.gpus()).hasSize(1);
        });
        Set<String> owned = new HashSet<>();
        gpu.replicas().forEach(r -> {
            assertThat(new HashSet<>(r.nodes())).as("hosts(2) spreads ranks").hasSize(2);
            for (int rank = 0; rank < 2; rank++) {
                for (int g : r.gpus().get(rank)) {
                    assertThat(owned.add(r.nodes().get(rank) + "/" + g))
                            .as("GPU handed out twice")
                            .isTrue();
                }
            }
        });
        assertThat(owned).hasSize(4);
        assertThatThrownBy(() -> anvil.options(Echo.class)
                        .name("gpu-late")
                        .withGpus(true)
                        .asService())
                .isInstanceOf(InsufficientResourcesException.class)
                .hasMessageContaining("asked=1")
                .hasMessageContaining("available=0");
        gpu.shutdown().join();
        ServiceHandle<Echo> late =
                anvil.options(Echo.class).name("gpu-late").withGpus(true).asService();
        assertThat(late.endpoint(Echo::where).route().join().gpus()).hasSize(1);
        late.shutdown().join();
    }

    @Test
    void aCallThatFindsEveryReplicaFullWaitsForRoomThenFailsWithAnOverloadErrorAtItsTimeout() {
        ServiceHandle<Blocking> b = anvil.options(Blocking.class)
                .name("narrow")
                .maxQueue(1)
                .callTimeout(Duration.ofSeconds(2))
                .asService();
        CompletableFuture<String> running =
                b.endpoint(Blocking::await, "narrow").route();
        CompletableFuture<String> queued = b.endpoint(Blocking::await, "narrow").route();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> b.replicas().get(0).inFlight() == 1
                        && b.replicas().get(0).queued() == 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> b.endpoint(Blocking::await, "narrow").route().join())
                .cause()
                .isInstanceOf(OverloadedException.class)
                .hasMessageContaining("every replica stayed full for the call timeout")
                .hasMessageContaining("maxConcurrentRequests=1")
                .hasMessageContaining("maxQueue=1");
        assertThat((System.nanoTime() - start) / 1_000_000)
                .as("waited for room")
                .isGreaterThanOrEqualTo(1_000);
        // The call timeout covers the time a call waits in the queue, too.
        assertThatThrownBy(running::join).cause().isInstanceOf(CallTimeoutException.class);
        assertThatThrownBy(queued::join).cause().isInstanceOf(CallTimeoutException.class);
        Blocking.gate("narrow").countDown();
        b.shutdown().join();
    }

    @Test
    void shutdownDrainsInFlightCallsBeforeRemovingReplicas() {
        ServiceHandle<Blocking> b = anvil.options(Blocking.class)
                .name("draining")
                .healthCheckPeriod(Duration.ofMillis(100))
                .asService();
        CompletableFuture<String> running =
                b.endpoint(Blocking::await, "draining").route();
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> b.replicas().get(0).inFlight() == 1);
        CompletableFuture<Void> stopped = b.shutdown();
        assertThat(running).isNotDone();
        assertThat(stopped).isNotDone();
        Blocking.gate("draining").countDown();
        assertThat(running.join()).isEqualTo("opened");
        stopped.join();
        assertThat(b.replicas()).isEmpty();
    }

    @Test
    void slowCallsTimeOut() {
        ServiceHandle<Blocking> b = anvil.options(Blocking.class)
                .name("slow")
                .callTimeout(Duration.ofMillis(300))
                .asService();
        assertThatThrownBy(() -> b.endpoint(Blocking::await, "slow").route().join())
                .cause()
                .isInstanceOf(CallTimeoutException.class)
                .hasMessageContaining("timeoutMs=300");
        Blocking.gate("slow").countDown();
        b.shutdown().join();
    }

    @Test
    void actorsAnswerCallOneAndAsyncSpawnsRunTogether() {
        CompletableFuture<ActorHandle<Counter>> a =
                anvil.options(Counter.class).name("solo").asActorAsync(41);
        CompletableFuture<ServiceHandle<Counter>> s =
                anvil.options(Counter.class).name("pair").numReplicas(2).asServiceAsync(0);
        ActorHandle<Counter> solo = a.join();
        assertThat(solo.endpoint(Counter::increment).callOne().join()).isEqualTo(42);
        assertThat(solo.info().index()).isZero();
        assertThat(s.join().endpoint(Counter::increment).fanout().join()).containsExactly(1, 1);
        solo.shutdown().join();
        s.join().shutdown().join();
    }

    @Test
    void replicaContextIsOnlyAvailableInsideActors() {
        assertThatThrownBy(ReplicaContext::current)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("only available inside an actor");
    }
}
