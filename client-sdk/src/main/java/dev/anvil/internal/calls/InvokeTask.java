package dev.anvil.internal.calls;

import java.util.concurrent.CompletableFuture;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeJobContext;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.JobContextResource;

/**
 * One endpoint call, sent by a caller straight to the worker of the replica's rank 0. The call waits in the replica's
 * own queue, not in an Ignite thread: the task holds its job continuation ({@code holdcc}) while the call is queued or
 * running and is resumed ({@code callcc}) with the result, so a long queue behind a one-call-at-a-time actor never
 * takes Ignite's public threads away from other replicas' calls.
 */
public final class InvokeTask implements IgniteCallable<CallResult> {
    private static final long serialVersionUID = 1L;

    private final String rankName;
    private final String signature;
    private final Object[] args;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @JobContextResource
    private transient ComputeJobContext job;

    /** The call in progress, between the first and the resumed execution of {@link #call()}. */
    private transient volatile CompletableFuture<CallResult> pending;

    /** Creates the task; {@code args} are already encoded. */
    public InvokeTask(String rankName, String signature, Object[] args) {
        this.rankName = rankName;
        this.signature = signature;
        this.args = args;
    }

    @Override
    public CallResult call() {
        CompletableFuture<CallResult> p = pending;
        if (p != null) {
            return p.join();
        }
        ReplicaHost host = LocalReplicas.find(ignite, rankName);
        if (host == null) {
            return CallResult.failure(CallResult.Outcome.GONE, "replica not on this node [rankName=" + rankName + "]");
        }
        CompletableFuture<CallResult> f = host.invokeAsync(signature, args);
        if (f.isDone() || job == null) {
            return f.join();
        }
        pending = f;
        job.holdcc();
        f.whenComplete((r, t) -> job.callcc());
        return null;
    }
}
