package dev.anvil.head.services;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.anvil.head.services.TestActors.Echo;
import dev.anvil.head.status.ClusterStatus;
import dev.anvil.head.status.StatusCollector;
import dev.anvil.head.status.StatusFormat;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.testkit.Clusters;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code anvil status} shows each service's replicas, where they run, GPUs, load, calls, latency and restarts. */
class ServiceStatusTest {

    @Test
    void statusShowsReplicasWhereTheyRunAndTheirFigures() {
        try (Anvil anvil = Anvil.local(1, 2)) {
            ServiceHandle<Echo> svc = anvil.options(Echo.class)
                    .name("status-echo")
                    .numReplicas(2)
                    .withGpus(true)
                    .healthCheckPeriod(Duration.ofMillis(200))
                    // Two probes missing a 1 s timeout in a row restart a replica (and reset its figures); a loaded
                    // CI machine can be that slow, and this test is about what status shows, not about restarts.
                    .healthCheckTimeout(Duration.ofSeconds(30))
                    .asService();
            for (int i = 0; i < 10; i++) {
                svc.endpoint(Echo::where).route().join();
            }
            StatusCollector collector = new StatusCollector();
            // The figures reach the status through the replicas' load reports; a timeout shows the last sum seen.
            await().atMost(Duration.ofSeconds(30))
                    .until(
                            () -> collector.collect(Clusters.ignite(anvil)).services().stream()
                                    .flatMap(s -> s.replicas().stream())
                                    .mapToLong(r -> r.stats().requests())
                                    .sum(),
                            org.hamcrest.Matchers.equalTo(10L));
            ClusterStatus s = collector.collect(Clusters.ignite(anvil));
            assertThat(s.services()).singleElement().satisfies(svcSummary -> {
                assertThat(svcSummary.name()).isEqualTo("status-echo");
                assertThat(svcSummary.actorClass()).isEqualTo(Echo.class.getName());
                assertThat(svcSummary.healthyReplicas()).isEqualTo(2);
                assertThat(svcSummary.replicas()).allSatisfy(r -> {
                    assertThat(r.ranks())
                            .singleElement()
                            .satisfies(k -> assertThat(k.gpuIndices()).hasSize(1));
                    assertThat(r.stats().generation()).isEqualTo(1);
                });
            });
            assertThat(s.resources().gpusUsed()).isEqualTo(2);
            String text = StatusFormat.text(s);
            assertThat(text).contains("status-echo", "REQUESTS", "MEAN MS", "RESTARTS", "QUEUE", "[0]", "[1]");
            System.out.println(text);
        }
    }
}
