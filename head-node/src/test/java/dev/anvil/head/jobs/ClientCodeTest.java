package dev.anvil.head.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.anvil.internal.client.ClusterAnvil;
import dev.anvil.internal.code.CodeBundle;
import dev.anvil.internal.code.CodeStore;
import dev.anvil.internal.registry.ServiceCaches;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ConnectOptions;
import dev.anvil.sdk.DeploymentException;
import dev.anvil.testkit.ClientApps;
import dev.anvil.worker.jobs.JobClassLoaders;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Outside drivers bring their code: a client whose actor class is on no worker's classpath deploys it anyway (the
 * SDK ships the class's jar once per content hash; workers load it in a class loader of that client); two clients
 * with two versions of one class run side by side; a class that cannot be loaded fails the deployment at once,
 * naming the class and what was shipped; and a client's code, class loaders and services go when it leaves.
 */
class ClientCodeTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path tmp;

    private static Anvil cluster;

    @BeforeAll
    static void startCluster() {
        cluster = Anvil.local(1);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoClientsWithTwoVersionsOfOneClassRunSideBySideAndTheirCodeGoesWhenTheyLeave() throws Exception {
        Path v1 = ClientApps.counterApp(tmp, "v1");
        Path v2 = ClientApps.counterApp(tmp, "v2");
        CodeStore store = new CodeStore(((ClusterAnvil) cluster).ignite());
        try (URLClassLoader l1 = loader(v1);
                URLClassLoader l2 = loader(v2);
                Anvil a = Anvil.connect(ConnectOptions.to(cluster.address()));
                Anvil b = Anvil.connect(ConnectOptions.to(cluster.address()))) {
            assertThat(versions(l1, a, "counter-a", 2)).isEqualTo("v1 [v1, v1]");
            assertThat(versions(l2, b, "counter-b", 1)).isEqualTo("v2 [v2]");
            // Both still answer with their own version, each from its own client's class loader.
            assertThat(versions(l1, a, "counter-a2", 1)).isEqualTo("v1 [v1]");
            String clientA = clientId(a);
            String clientB = clientId(b);
            assertThat(JobClassLoaders.get().openClients()).contains(clientA, clientB);
            String hashV1 = CodeBundle.of(v1).sha256();
            String hashV2 = CodeBundle.of(v2).sha256();
            assertThat(store.holds(hashV1)).isTrue();
            assertThat(store.holds(hashV2)).isTrue();

            a.close();
            // Client a left: its loaders are closed, its services shut down, its bundle removed; b is untouched.
            await().atMost(WAIT).untilAsserted(() -> {
                assertThat(JobClassLoaders.get().openClients()).doesNotContain(clientA);
                assertThat(store.holds(hashV1)).isFalse();
            });
            await().atMost(WAIT)
                    .until(() ->
                            !services().containsKey("counter-a") && !services().containsKey("counter-a2"));
            assertThat(services().containsKey("counter-b")).isTrue();
            assertThat(store.holds(hashV2)).isTrue();
            assertThat(versions(l2, b, "counter-b2", 1)).isEqualTo("v2 [v2]");
        }
    }

    @Test
    void aClassThatCannotBeLoadedFailsTheDeploymentNamingTheClassAndWhatWasShipped() throws Exception {
        Path lib = ClientApps.library(tmp);
        Path needy = ClientApps.needyApp(tmp);
        try (URLClassLoader l = new URLClassLoader(
                        new URL[] {needy.toUri().toURL(), lib.toUri().toURL()},
                        getClass().getClassLoader());
                Anvil a = Anvil.connect(ConnectOptions.to(cluster.address()))) {
            Class<?> needyClass = l.loadClass("app.Needy");
            long t0 = System.nanoTime();
            // The client has lib.Base, but ships only the jar of app.Needy: the workers cannot load it.
            assertThatThrownBy(() -> a.options(needyClass).name("needy").asService())
                    .isInstanceOf(DeploymentException.class)
                    .hasMessageContaining("app.Needy")
                    .hasMessageContaining("lib/Base")
                    .hasMessageContaining(needy.getFileName().toString())
                    .hasMessageContaining("shipped=");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(WAIT);
        }
        // With the library shipped too (ConnectOptions.code), it deploys.
        try (URLClassLoader l = new URLClassLoader(
                        new URL[] {needy.toUri().toURL(), lib.toUri().toURL()},
                        getClass().getClassLoader());
                Anvil a = Anvil.connect(ConnectOptions.to(cluster.address()).code(lib))) {
            Class<?> needyClass = l.loadClass("app.Needy");
            assertThat(a.options(needyClass).name("needy-ok").asService().name())
                    .isEqualTo("needy-ok");
        }
    }

    @Test
    void aWorkerLaunchesDriversAndStartsReplicasOnlyWhenTheActiveHeadAsks() {
        try (Anvil a = Anvil.connect(ConnectOptions.to(cluster.address()))) {
            org.apache.ignite.Ignite client = ((ClusterAnvil) a).ignite();
            org.apache.ignite.cluster.ClusterGroup worker = client.cluster()
                    .forServers()
                    .forAttribute(
                            dev.anvil.internal.node.NodeAttributes.ROLE,
                            dev.anvil.internal.node.NodeRole.WORKER.attributeValue());
            assertThatThrownBy(() -> client.compute(worker).run(new dev.anvil.worker.jobs.LaunchDriverTask("job-x")))
                    .hasStackTraceContaining("accepted only from the active head");
            assertThatThrownBy(
                            () -> client.compute(worker).call(new dev.anvil.worker.jobs.StopDriverTask("job-x", 1000)))
                    .hasStackTraceContaining("accepted only from the active head");
            // The check comes before the request is read: no spec is needed to be refused.
            assertThatThrownBy(() -> client.compute(worker)
                            .call(new dev.anvil.worker.replica.StartRankTask(null, "anvil.x.0.g1.r0", 0, 0, List.of())))
                    .hasStackTraceContaining("a replica start is accepted only from the active head");
            assertThatThrownBy(() -> client.compute(worker)
                            .run(new dev.anvil.worker.replica.StopRanksTask(List.of("anvil.x.0.g1.r0"))))
                    .hasStackTraceContaining("a replica stop is accepted only from the active head");
        }
    }

    @Test
    void anInsecureClientIsShownByStatus() {
        try (Anvil a = Anvil.connect(ConnectOptions.to(cluster.address()).insecure())) {
            var status = new dev.anvil.head.status.StatusCollector().collect(((ClusterAnvil) cluster).ignite());
            assertThat(status.warnings())
                    .anySatisfy(w -> assertThat(w)
                            .contains("INSECURE")
                            .contains("client")
                            .contains("--insecure"));
            assertThat(dev.anvil.head.status.StatusFormat.text(status)).contains("WARNING: INSECURE");
        }
    }

    private static URLClassLoader loader(Path jar) throws Exception {
        return new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClientCodeTest.class.getClassLoader());
    }

    /** Runs the app's own driver code, {@code app.Client.versions}, in the app's class loader. */
    private static String versions(ClassLoader app, Anvil anvil, String service, int replicas) throws Exception {
        return (String) app.loadClass("app.Client")
                .getMethod("versions", Anvil.class, String.class, int.class)
                .invoke(null, anvil, service, replicas);
    }

    private static String clientId(Anvil a) {
        return String.valueOf(((ClusterAnvil) a).ignite().cluster().localNode().id());
    }

    private static org.apache.ignite.IgniteCache<String, ?> services() {
        return ServiceCaches.services(((ClusterAnvil) cluster).ignite());
    }
}
