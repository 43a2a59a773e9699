package dev.anvil.sdk;

import java.util.List;

/**
 * Where an actor instance runs: its service, replica, rank, world size and GPUs. Available through
 * {@link #current()} inside the actor's constructor, {@code setup()}, endpoints and {@code cleanup()}.
 *
 * <pre>{@code
 * public Policy(Config cfg) {
 *     ReplicaContext ctx = ReplicaContext.current();
 *     device = "cuda:" + ctx.gpuIndices().get(0);
 * }
 * }</pre>
 *
 * @param service the service name
 * @param replica the replica index
 * @param rank this instance's rank within its replica (0 answers calls)
 * @param worldSize the number of ranks of the replica ({@code procs})
 * @param gpuIndices the GPUs of this rank, owned by it alone while it lives
 * @param nodeId the Ignite node id of the worker it runs on
 */
public record ReplicaContext(
        String service, int replica, int rank, int worldSize, List<Integer> gpuIndices, String nodeId) {
    public ReplicaContext {
        gpuIndices = List.copyOf(gpuIndices);
    }

    /**
     * The context of the actor instance the calling thread works for.
     *
     * @throws IllegalStateException outside an actor's constructor, hooks and endpoints
     */
    public static ReplicaContext current() {
        return AnvilRuntime.get()
                .currentReplica()
                .orElseThrow(() -> new IllegalStateException(
                        "ReplicaContext.current() is only available inside an actor's constructor,"
                                + " setup(), endpoints and cleanup() [thread="
                                + Thread.currentThread().getName() + "]"));
    }
}
