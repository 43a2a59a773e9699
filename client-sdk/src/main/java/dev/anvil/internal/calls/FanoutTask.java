package dev.anvil.internal.calls;

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
 * One endpoint call to every replica, broadcast to the nodes that host them: each node calls the replicas it hosts and
 * answers with their results by Ignite service name. Replicas whose calls are quick (mean under
 * {@link #INLINE_BELOW_MS}) are called one after the other in the task's thread, where a hand-off to another thread
 * would cost more than the call; slower ones run in parallel.
 */
public final class FanoutTask implements IgniteCallable<HashMap<String, CallResult>> {
    private static final long serialVersionUID = 1L;
    /** Mean call time under which a replica is called inline rather than on a thread of its own. */
    static final double INLINE_BELOW_MS = 0.5;
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

    /** Creates the task for the rank-0 Ignite services of every replica; {@code args} are already encoded. */
    public FanoutTask(String[] igniteServices, String signature, Object[] args) {
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
        List<CompletableFuture<CallResult>> parallel = new ArrayList<>();
        for (int i = 0; i < hosts.size(); i++) {
            ReplicaHost h = hosts.get(i);
            boolean inline = i == hosts.size() - 1 || h.meanLatencyMs() < INLINE_BELOW_MS;
            parallel.add(inline ? null : CompletableFuture.supplyAsync(() -> h.invoke(signature, args), LOCAL_CALLS));
        }
        for (int i = 0; i < hosts.size(); i++) {
            if (parallel.get(i) == null) {
                out.put(names.get(i), hosts.get(i).invoke(signature, args));
            }
        }
        for (int i = 0; i < hosts.size(); i++) {
            if (parallel.get(i) != null) {
                out.put(names.get(i), parallel.get(i).join());
            }
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
