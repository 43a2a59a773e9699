package dev.anvil.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Bad input for the actor-semantics options and the completion streams, each with the error that names it. */
class ServiceOptionsAdverbsTest {
    /** Records the options it is asked to deploy; deploys nothing. */
    private static final class RecordingSpawner implements ServiceSpawner {
        final List<String> names = new ArrayList<>();

        @Override
        public <A> CompletableFuture<ServiceHandle<A>> spawnService(ServiceOptions<A> options, Object[] args) {
            names.add(options.name());
            return new CompletableFuture<>();
        }

        @Override
        public <A> CompletableFuture<ActorHandle<A>> spawnActor(ServiceOptions<A> options, Object[] args) {
            names.add(options.name());
            return new CompletableFuture<>();
        }
    }

    public static final class Counter {}

    private final RecordingSpawner spawner = new RecordingSpawner();
    private final ServiceOptions<Counter> options = new ServiceOptions<>(spawner, Counter.class);

    @Test
    void oneCallAtATimeIsTheDefaultAndZeroConcurrencyIsRefused() {
        assertThat(options.maxConcurrentRequests()).isEqualTo(1);
        assertThat(options.maxConcurrentRequests(10).maxConcurrentRequests()).isEqualTo(10);
        assertThatThrownBy(() -> options.maxConcurrentRequests(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrentRequests must be >= 1")
                .hasMessageContaining("maxConcurrentRequests=0");
    }

    @Test
    void autoscaleHasRayServeDefaults() {
        Autoscale a = Autoscale.between(1, 8);
        assertThat(a.targetOngoingRequests()).isEqualTo(2.0);
        assertThat(a.upscaleDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(a.downscaleDelay()).isEqualTo(Duration.ofSeconds(600));
        ServiceOptions<Counter> o = options.autoscale(a.targetOngoingRequests(3));
        assertThat(o.autoscale().targetOngoingRequests()).isEqualTo(3.0);
        assertThat(o.numReplicas()).as("an autoscaled service starts at min").isEqualTo(1);
    }

    @Test
    void autoscaleWithMinAboveMaxIsRefused() {
        assertThatThrownBy(() -> Autoscale.between(3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min must be <= max")
                .hasMessageContaining("min=3, max=2");
    }

    @Test
    void autoscaleWithNegativeMinIsRefused() {
        assertThatThrownBy(() -> Autoscale.between(-1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("min must be >= 1")
                .hasMessageContaining("min=-1");
    }

    @Test
    void autoscaleToZeroIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Autoscale.between(0, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not scale to zero");
    }

    @Test
    void autoscaleWithATargetOfZeroOrLessIsRefused() {
        for (double t : new double[] {0, -1, Double.NaN}) {
            assertThatThrownBy(() -> Autoscale.between(1, 2).targetOngoingRequests(t))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("targetOngoingRequests must be > 0");
        }
    }

    @Test
    void autoscaleWithADelayOfZeroOrLessIsRefused() {
        Autoscale a = Autoscale.between(1, 2);
        assertThatThrownBy(() -> a.upscaleDelay(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("upscaleDelay must be a positive duration");
        assertThatThrownBy(() -> a.downscaleDelay(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("downscaleDelay must be a positive duration");
        assertThatThrownBy(() -> a.upscaleDelay(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void autoscaleTogetherWithNumReplicasIsRefusedInEitherOrder() {
        assertThatThrownBy(() -> options.numReplicas(2).autoscale(Autoscale.between(1, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numReplicas and autoscale exclude each other");
        assertThatThrownBy(() -> options.autoscale(Autoscale.between(1, 4)).numReplicas(2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("numReplicas and autoscale exclude each other");
        assertThatThrownBy(() -> options.autoscale(Autoscale.between(1, 4)).asActor())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("autoscale is for services");
    }

    @Test
    void oneOptionsObjectDeploysSeveralServicesUnderNamesOfTheirOwn() {
        ServiceOptions<Counter> o = options.procs(1);
        o.asServiceAsync();
        o.asServiceAsync();
        o.asActorAsync();
        assertThat(spawner.names).hasSize(3).doesNotHaveDuplicates().allMatch(n -> n.startsWith("counter-"));
        ServiceOptions<Counter> named = o.name("fixed");
        named.asServiceAsync();
        assertThat(spawner.names).last().isEqualTo("fixed");
    }

    @Test
    void asCompletedOfNothingIsAnEmptyStreamNotAHang() {
        try (CompletionStream<Integer> s = CompletionStream.of(List.<CompletableFuture<Integer>>of())) {
            assertThat(s.size()).isZero();
            assertThat(s.iterator().hasNext()).isFalse();
            assertThat(s).isEmpty();
        }
    }

    @Test
    void iteratingAClosedStreamFailsClearly() {
        CompletableFuture<Integer> never = new CompletableFuture<>();
        CompletionStream<Integer> s = CompletionStream.of(List.of(never));
        s.close();
        assertThatThrownBy(s::iterator)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("completion stream is closed");
    }

    @Test
    void closingAStreamWakesAReaderWaitingForTheNextResult() throws Exception {
        CompletionStream<Integer> s = CompletionStream.of(List.of(new CompletableFuture<Integer>()));
        var it = s.iterator();
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                it.next();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Thread.onSpinWait();
        s.close();
        assertThat(reader.get(10, TimeUnit.SECONDS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void resultsComeInCompletionOrderWithErrorsInPlace() {
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> c = new CompletableFuture<>();
        try (CompletionStream<String> s = CompletionStream.of(List.of(a, b, c))) {
            c.complete("third-listed, first done");
            a.completeExceptionally(new IllegalStateException("a failed"));
            b.complete("b");
            List<ReplicaResult<String>> got = new ArrayList<>();
            s.forEach(got::add);
            assertThat(got).extracting(ReplicaResult::replica).containsExactly(2, 0, 1);
            assertThat(got.get(0).value()).isEqualTo("third-listed, first done");
            assertThat(got.get(1).ok()).isFalse();
            assertThat(got.get(1).error())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("a failed");
            assertThat(got.get(1).value()).isNull();
        }
    }
}
