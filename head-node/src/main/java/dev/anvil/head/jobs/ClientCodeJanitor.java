package dev.anvil.head.jobs;

import dev.anvil.head.services.ServiceController;
import dev.anvil.internal.code.CodeStore;
import dev.anvil.internal.registry.ServiceSpec;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;
import org.apache.ignite.events.DiscoveryEvent;
import org.apache.ignite.events.Event;
import org.apache.ignite.events.EventType;
import org.apache.ignite.lang.IgnitePredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an outside client shipped goes when it leaves, as a job's jar goes when the job ends: the head shuts down the
 * services that run the client's code (their class loaders are dropped on the workers) and removes the code bundles
 * no remaining client uses from the cluster's {@link CodeStore}. Services of classes the nodes have installed
 * themselves never depended on the client's code and keep running, as any service outlives the handle that spawned
 * it.
 */
public final class ClientCodeJanitor implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClientCodeJanitor.class);

    private final Ignite ignite;
    private final ServiceController services;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "anvil-client-code-janitor");
        t.setDaemon(true);
        return t;
    });
    private final IgnitePredicate<Event> listener;

    private ClientCodeJanitor(Ignite ignite, ServiceController services) {
        this.ignite = ignite;
        this.services = services;
        this.listener = e -> {
            ClusterNode n = ((DiscoveryEvent) e).eventNode();
            if (n.isClient()) {
                worker.execute(() -> clientLeft(String.valueOf(n.id())));
            }
            return true;
        };
    }

    /** Starts watching clients leave; first cleans up after clients that left while no head was running. */
    public static ClientCodeJanitor start(Ignite ignite, ServiceController services) {
        ClientCodeJanitor j = new ClientCodeJanitor(ignite, services);
        ignite.events().localListen(j.listener, EventType.EVT_NODE_LEFT, EventType.EVT_NODE_FAILED);
        j.worker.execute(j::sweep);
        return j;
    }

    private void sweep() {
        try {
            Set<String> live = ignite.cluster().nodes().stream()
                    .map(n -> String.valueOf(n.id()))
                    .collect(Collectors.toSet());
            for (String client : new CodeStore(ignite).clients()) {
                if (!live.contains(client)) {
                    clientLeft(client);
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("could not sweep the code of departed clients", e);
        }
    }

    private void clientLeft(String clientId) {
        try {
            List<String> owned = services.specs().stream()
                    .filter(s ->
                            s.clientCode() != null && s.clientCode().clientId().equals(clientId))
                    .map(ServiceSpec::name)
                    .toList();
            for (String service : owned) {
                services.shutdown(service);
            }
            Set<String> removed = new CodeStore(ignite).forget(clientId);
            if (!owned.isEmpty() || !removed.isEmpty()) {
                LOG.info(
                        "client left, its code is dropped [client={}, services={}, bundlesRemoved={}]",
                        clientId,
                        owned,
                        removed.size());
            }
        } catch (RuntimeException e) {
            if (org.apache.ignite.Ignition.state(ignite.name()) != org.apache.ignite.IgniteState.STARTED) {
                LOG.debug("head stopping, code of departed client {} left to the next head", clientId, e);
            } else {
                LOG.warn("could not drop the code of departed client {}", UUID.fromString(clientId), e);
            }
        }
    }

    /**
     * Whether the nodes have {@code actorClass} on their own classpath (head and workers run one installation), so a
     * service of it never needed the client's code and outlives the client like any other service.
     */
    private static boolean installed(String actorClass) {
        try {
            Class.forName(actorClass, false, ClientCodeJanitor.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    @Override
    public void close() {
        ignite.events().stopLocalListen(listener);
        worker.shutdownNow();
    }
}
