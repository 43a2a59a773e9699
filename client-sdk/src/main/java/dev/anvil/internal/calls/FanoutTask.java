package dev.anvil.internal.calls;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * One endpoint call to every replica, broadcast to the nodes that host them: each node queues the call on each replica
 * it hosts (they run in parallel, each on its replica's executor) and answers with their results by rank
 * name.
 */
public final class FanoutTask implements IgniteCallable<HashMap<String, CallResult>> {
    private static final long serialVersionUID = 1L;
    private final String[] rankNames;
    private final String signature;
    private final Object[] args;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** Creates the task for the rank 0 of every replica; {@code args} are already encoded. */
    public FanoutTask(String[] rankNames, String signature, Object[] args) {
        this.rankNames = rankNames;
        this.signature = signature;
        this.args = args;
    }

    @Override
    public HashMap<String, CallResult> call() {
        List<String> names = new ArrayList<>();
        List<ReplicaHost> hosts = new ArrayList<>();
        for (String s : rankNames) {
            ReplicaHost h = LocalReplicas.find(ignite, s);
            if (h != null) {
                names.add(s);
                hosts.add(h);
            }
        }
        // Each replica queues the call on its own executor; this thread only waits for all of them.
        List<CompletableFuture<CallResult>> results = new ArrayList<>();
        for (ReplicaHost h : hosts) {
            results.add(h.invokeAsync(signature, args));
        }
        HashMap<String, CallResult> out = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            out.put(names.get(i), results.get(i).join());
        }
        return out;
    }

    /** Results of a fanout by rank name, merged from all nodes. */
    public static Map<String, CallResult> merge(java.util.Collection<HashMap<String, CallResult>> parts) {
        Map<String, CallResult> all = new HashMap<>();
        parts.forEach(all::putAll);
        return all;
    }
}
