package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.services.SemanticsActors.Overlap;
import dev.anvil.head.services.SemanticsActors.Paced;
import dev.anvil.head.services.SemanticsActors.Tally;
import dev.anvil.head.services.TestActors.Echo;
import dev.anvil.head.status.ServiceSummary;
import dev.anvil.head.status.ServicesSection;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.CallTimeoutException;
import dev.anvil.sdk.CompletionStream;
import dev.anvil.sdk.RemoteEndpointException;
import dev.anvil.sdk.ReplicaResult;
import dev.anvil.sdk.Router;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.ServiceOptions;
import dev.anvil.sdk.Session;
import dev.anvil.testkit.Clusters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Java actor semantics on an embedded cluster of 2 workers: one call at a time by default, opted-in concurrency,
 * routing around full replicas, results as they complete, options reuse, live sessions, and what the circuit breaker
 * counts, through real routing.
 */
class ActorSemanticsTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Anvil anvil;

    @BeforeAll
    static void start() {
        anvil = Anvil.local(2);
    }

    @AfterAll
    static void stop() {
        anvil.close();
    }

    @Test
    void aLockFreeActorLosesNoUpdateUnderHundredsOfConcurrentCallsByDefault() {
        ServiceHandle<Tally> tally =
                anvil.options(Tally.class).name("tally").maxQueue(1000).asService();
        int calls = 400;
        List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            all.add(tally.endpoint(Tally::increment).route());
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        assertThat(tally.endpoint(Tally::get).route().join()).isEqualTo(calls);
        assertThat(all.stream().map(CompletableFuture::join).distinct().count())
                .as("every increment saw its own value")
                .isEqualTo(calls);
        tally.shutdown().join();
    }

    @Test
    void oneCallRunsAtATimeUnlessTheActorOptsIntoConcurrency() {
        ServiceHandle<Overlap> serial =
                anvil.options(Overlap.class).name("serial").asService();
        ServiceHandle<Overlap> parallel = anvil.options(Overlap.class)
                .name("parallel")
                .maxConcurrentRequests(4)
                .asService();
        List<CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(serial.endpoint(Overlap::work, "serial", 50L).route());
            calls.add(parallel.endpoint(Overlap::work, "parallel", 300L).route());
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        assertThat(Overlap.most("serial")).as("calls at once by default").isEqualTo(1);
        assertThat(Overlap.most("parallel"))
                .as("calls at once with maxConcurrentRequests(4)")
                .isBetween(2, 4);
        serial.shutdown().join();
        parallel.shutdown().join();
    }

    @Test
    void routeSendsACallToAReplicaWithRoomRatherThanFailingOnAFullOne() {
        // No queue at all: a replica runs one call and refuses any other. Random picks (power of two choices) would
        // collide; route() must still place every call on a replica with room, and never fail with an overload.
        ServiceHandle<Overlap> svc = anvil.options(Overlap.class)
                .name("roomy")
                .numReplicas(4)
                .maxQueue(0)
                .router(Router.POWER_OF_TWO)
                .asService();
        for (int round = 0; round < 3; round++) {
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(svc.endpoint(Overlap::work, "roomy", 400L).route());
            }
            await().atMost(WAIT)
                    .until(() -> Overlap.running("roomy") == 4 || calls.stream().anyMatch(CompletableFuture::isDone));
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
        }
        assertThat(Overlap.most("roomy"))
                .as("4 calls ran at once on the 4 replicas")
                .isEqualTo(4);
        // More calls than room: they wait for room instead of failing.
        List<CompletableFuture<Integer>> burst = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            burst.add(svc.endpoint(Overlap::work, "roomy-burst", 100L).route());
        }
        CompletableFuture.allOf(burst.toArray(CompletableFuture[]::new)).join();
        svc.shutdown().join();
    }

    @Test
    void aFanoutStreamYieldsTheFastestReplicaFirstAndEachFailureInPlace() {
        ServiceHandle<Paced> paced =
                anvil.options(Paced.class).name("paced").numReplicas(3).asService();
        List<Long> delays = List.of(4_000L, 0L, -1L); // replica 0 slow, 1 fast, 2 fails at once
        long start = System.nanoTime();
        List<ReplicaResult<Integer>> got = new ArrayList<>();
        List<Long> atMs = new ArrayList<>();
        try (CompletionStream<Integer> s = paced.endpoint(Paced::paced, delays).fanoutStream()) {
            assertThat(s.size()).isEqualTo(3);
            for (ReplicaResult<Integer> r : s) {
                got.add(r);
                atMs.add((System.nanoTime() - start) / 1_000_000);
            }
        }
        System.out.printf(
                "[semantics] fanoutStream arrivals (ms after the call): %s for replicas %s%n",
                atMs, got.stream().map(ReplicaResult::replica).toList());
        assertThat(got.get(2).replica()).as("the slowest comes last").isZero();
        assertThat(got.get(2).value()).isZero();
        assertThat(got.subList(0, 2)).extracting(ReplicaResult::replica).containsExactlyInAnyOrder(1, 2);
        ReplicaResult<Integer> failed =
                got.stream().filter(r -> r.replica() == 2).findFirst().orElseThrow();
        assertThat(failed.ok()).isFalse();
        assertThat(failed.error()).isInstanceOf(RemoteEndpointException.class).hasMessageContaining("fails on purpose");
        assertThat(atMs.get(0)).as("first result long before the slowest").isLessThan(atMs.get(2) - 2_000);
        paced.shutdown().join();
    }

    @Test
    void asCompletedYieldsAnyFuturesInCompletionOrder() {
        ServiceHandle<Paced> paced =
                anvil.options(Paced.class).name("paced-any").numReplicas(1).asService();
        CompletableFuture<Integer> slow =
                paced.endpoint(Paced::paced, List.of(1_500L)).route();
        CompletableFuture<Integer> quick = CompletableFuture.completedFuture(7);
        try (CompletionStream<Integer> s = anvil.asCompleted(List.of(slow, quick))) {
            List<ReplicaResult<Integer>> got = new ArrayList<>();
            s.forEach(got::add);
            assertThat(got).extracting(ReplicaResult::replica).containsExactly(1, 0);
            assertThat(got).extracting(ReplicaResult::value).containsExactly(7, 0);
        }
        try (CompletionStream<Integer> empty = anvil.asCompleted(List.<CompletableFuture<Integer>>of())) {
            assertThat(empty).isEmpty();
        }
        paced.shutdown().join();
    }

    @Test
    void oneOptionsObjectDeploysTwoServices() {
        ServiceOptions<Echo> opts = anvil.options(Echo.class).numReplicas(1);
        ServiceHandle<Echo> a = opts.asService();
        ServiceHandle<Echo> b = opts.asService();
        assertThat(a.name()).isNotEqualTo(b.name());
        assertThat(a.endpoint(Echo::where).route().join().service()).isEqualTo(a.name());
        assertThat(b.endpoint(Echo::where).route().join().service()).isEqualTo(b.name());
        a.shutdown().join();
        b.shutdown().join();
    }

    @Test
    void liveSessionsAreCountedOnTheHandleAndInStatus() {
        ServiceHandle<Tally> svc =
                anvil.options(Tally.class).name("sessions").numReplicas(2).asService();
        assertThat(svc.sessions()).isZero();
        Session<Tally> s1 = svc.session();
        Session<Tally> s2 = svc.session("conversation-42");
        s1.endpoint(Tally::increment).route().join();
        s2.endpoint(Tally::increment).route().join();
        // A session's pinning is written without holding up its call: it shows shortly after.
        await().atMost(Duration.ofSeconds(30)).until(svc::sessions, org.hamcrest.Matchers.equalTo(2));
        assertThat(sessionsInStatus("sessions")).isEqualTo(2);
        s1.close();
        assertThat(svc.sessions()).isEqualTo(1);
        s2.close();
        assertThat(svc.sessions()).isZero();
        svc.shutdown().join();
    }

    private static int sessionsInStatus(String service) {
        return ServicesSection.services(Clusters.ignite(anvil)).stream()
                .filter(s -> s.name().equals(service))
                .mapToInt(ServiceSummary::sessions)
                .findFirst()
                .orElseThrow();
    }

    @Test
    void endpointErrorsOpenTheBreakerOnlyWhenAskedTo() {
        ServiceHandle<Echo> counting = anvil.options(Echo.class)
                .name("breaker-counting")
                .numReplicas(2)
                .circuitBreaker(2, Duration.ofMinutes(5))
                .countEndpointErrors(true)
                .asService();
        ServiceHandle<Echo> plain = anvil.options(Echo.class)
                .name("breaker-plain")
                .numReplicas(2)
                .circuitBreaker(2, Duration.ofMinutes(5))
                .asService();
        int countingFailures = failures(counting, 20);
        int plainFailures = failures(plain, 20);
        System.out.printf(
                "[semantics] 20 calls, replica 0 always throws: %d failed with countEndpointErrors(true), %d without%n",
                countingFailures, plainFailures);
        assertThat(countingFailures)
                .as("replica 0 leaves routing after 2 endpoint errors")
                .isEqualTo(2);
        assertThat(plainFailures)
                .as("endpoint errors alone keep replica 0 in routing")
                .isGreaterThanOrEqualTo(8);
        counting.shutdown().join();
        plain.shutdown().join();
    }

    private static int failures(ServiceHandle<Echo> svc, int calls) {
        int failed = 0;
        for (int i = 0; i < calls; i++) {
            try {
                assertThat(svc.endpoint(Echo::failOnReplica, 0).route().join()).isEqualTo(1);
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(RemoteEndpointException.class);
                failed++;
            }
        }
        return failed;
    }

    @Test
    void timeoutsOpenTheBreakerSoCallsGoToTheOtherReplica() {
        ServiceHandle<Paced> svc = anvil.options(Paced.class)
                .name("breaker-timeouts")
                .numReplicas(2)
                .maxConcurrentRequests(4)
                .callTimeout(Duration.ofMillis(500))
                .circuitBreaker(2, Duration.ofMinutes(5))
                .asService();
        int timeouts = 0;
        List<Integer> answeredBy = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            try {
                answeredBy.add(svc.endpoint(Paced::stallOn, 0, 3_000L).route().join());
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(CallTimeoutException.class);
                timeouts++;
            }
        }
        assertThat(timeouts).as("two timeouts open replica 0's breaker").isEqualTo(2);
        assertThat(answeredBy).hasSize(10).containsOnly(1);
        svc.shutdown().join();
    }
}
