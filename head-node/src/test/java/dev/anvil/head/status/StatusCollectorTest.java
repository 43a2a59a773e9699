package dev.anvil.head.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.head.status.ReplicaSummary.RankSummary;
import dev.anvil.sdk.Anvil;
import dev.anvil.testkit.Clusters;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.junit.jupiter.api.Test;

class StatusCollectorTest {

    @Test
    void showsNodesResourcesAndWhatReplicasHoldAndServesItOverHttp() throws Exception {
        try (Anvil anvil = Anvil.local(2, 2)) {
            Ignite ignite = Clusters.ignite(anvil);
            ClusterNode worker = ignite.cluster()
                    .forAttribute("anvil.role", "worker")
                    .nodes()
                    .iterator()
                    .next();
            // One service: a healthy replica holding 1 GPU + 2 CPUs on a worker, a stopped one holding nothing.
            List<ServiceSummary> services = List.of(new ServiceSummary(
                    "counter",
                    "x.Counter",
                    List.of(
                            new ReplicaSummary(
                                    0,
                                    "HEALTHY",
                                    List.of(new RankSummary(0, worker.id().toString(), List.of(1), 2))),
                            new ReplicaSummary(
                                    1,
                                    "STOPPED",
                                    List.of(new RankSummary(0, worker.id().toString(), List.of(0), 1))))));
            StatusCollector collector = new StatusCollector(
                    ig -> services, ig -> List.of(new JobSummary("job-1", "RUNNING", "x.Main", 0L)));

            ClusterStatus s = collector.collect(ignite);

            assertThat(s.nodes()).hasSize(3);
            assertThat(s.nodes().get(0).role()).isEqualTo("head");
            assertThat(s.nodesWithRole("worker"))
                    .hasSize(2)
                    .allSatisfy(n -> assertThat(n.gpus()).hasSize(2));
            assertThat(s.resources().gpusTotal()).isEqualTo(4);
            assertThat(s.resources().gpusUsed()).isEqualTo(1);
            assertThat(s.resources().cpusUsed()).isEqualTo(2);
            assertThat(s.nodes())
                    .filteredOn(n -> n.id().equals(worker.id().toString()))
                    .singleElement()
                    .satisfies(n -> assertThat(n.gpusUsed()).isEqualTo(1));
            assertThat(s.services()).singleElement().satisfies(svc -> {
                assertThat(svc.healthyReplicas()).isEqualTo(1);
                assertThat(svc.totalReplicas()).isEqualTo(2);
            });
            assertThat(s.jobs()).extracting(JobSummary::id).containsExactly("job-1");
            assertThat(s.warnings()).isEmpty();

            String text = StatusFormat.text(s);
            assertThat(text).contains("Nodes: 3 (1 head, 2 workers)", "1/4 GPU", "counter", "1/2", "job-1");

            // A section that cannot be read is a warning, not a failed status.
            ClusterStatus partial = new StatusCollector(
                            ig -> {
                                throw new IllegalStateException("cache gone");
                            },
                            ig -> List.of())
                    .collect(ignite);
            assertThat(partial.warnings()).singleElement().asString().contains("services unavailable: cache gone");
            assertThat(partial.nodes()).hasSize(3);
            assertThat(StatusFormat.text(partial)).contains("WARNING");
            JsonNode json = new ObjectMapper().readTree(StatusFormat.json(s));
            assertThat(json.path("services").get(0).path("healthyReplicas").asInt())
                    .isEqualTo(1);

            try (StatusHttpServer http = StatusHttpServer.start(ignite, "127.0.0.1", 0)) {
                HttpClient client = HttpClient.newHttpClient();
                HttpResponse<String> resp = get(client, http.port(), "/status");
                assertThat(resp.statusCode()).isEqualTo(200);
                JsonNode served = new ObjectMapper().readTree(resp.body());
                assertThat(served.path("nodes").size()).isEqualTo(3);
                assertThat(served.path("resources").path("gpusTotal").asInt()).isEqualTo(4);
                HttpResponse<String> txt = get(client, http.port(), "/status.txt");
                assertThat(txt.body()).contains("Anvil cluster status");
                HttpResponse<String> post = client.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + "/status"))
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(post.statusCode()).isEqualTo(405);
                HttpResponse<String> health = get(client, http.port(), "/healthz");
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).isEqualTo("ok\n");
                HttpResponse<String> deeper = get(client, http.port(), "/status/extra");
                assertThat(deeper.statusCode()).isEqualTo(404);
                assertThat(deeper.body()).isEqualTo("no such page [path=/status/extra]\n");
            }
        }
    }

    private static HttpResponse<String> get(HttpClient client, int port, String path) throws Exception {
        return client.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
