package dev.anvil.internal.service;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * One endpoint call to every replica, broadcast to the nodes that host them: each node calls the replicas it hosts, in
 * parallel, and answers with their results by Ignite service name.
 */
public final class FanoutJob implements IgniteCallable<HashMap<String, CallResult>> {
    private static final long serialVersionUID = 1L;
    /** Runs the extra local calls when a node hosts several replicas, so they do not wait for each other. */
    private static final ExecutorService LOCAL_CALLS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "anvil-fanout");
        t.setDaemon(true);
        return t;
    });

    private final String[] igniteServices;
    private final String signature;
    private final Object[] args;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** Creates the job for the rank-0 Ignite services of every replica; {@code args} are already encoded. */
    public FanoutJob(String[] igniteServices, String signature, Object[] args) {
        this.igniteServices = igniteServices;
        this.signature = signature;
        this.args = args;
    }

    @Override
    public HashMap<String, CallResult> call() {
        List<String> names = new ArrayList<>();
        List<ReplicaHost> hosts = new ArrayList<>();
        for (String s : igniteServices) {
            ReplicaHost h = LocalReplicas.find(ignite, s);
            if (h != null) {
                names.add(s);
                hosts.add(h);
            }
        }
        HashMap<String, CallResult> out = new HashMap<>();
        List<CompletableFuture<CallResult>> extra = new ArrayList<>();
        for (int i = 1; i < hosts.size(); i++) {
            ReplicaHost h = hosts.get(i);
            extra.add(CompletableFuture.supplyAsync(() -> h.invoke(signature, args), LOCAL_CALLS));
        }
        if (!hosts.isEmpty()) {
            out.put(names.get(0), hosts.get(0).invoke(signature, args));
        }
        for (int i = 1; i < hosts.size(); i++) {
            out.put(names.get(i), extra.get(i - 1).join());
        }
        return out;
    }

    /** Results of a fanout by Ignite service name, merged from all nodes. */
    public static Map<String, CallResult> merge(java.util.Collection<HashMap<String, CallResult>> parts) {
        Map<String, CallResult> all = new HashMap<>();
        parts.forEach(all::putAll);
        return all;
    }
}
