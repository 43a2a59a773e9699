package dev.anvil.internal.calls;

import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** One endpoint call, sent by a caller straight to the worker of the replica's rank 0. */
public final class InvokeTask implements IgniteCallable<CallResult> {
    private static final long serialVersionUID = 1L;

    private final String igniteService;
    private final String signature;
    private final Object[] args;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** Creates the task; {@code args} are already encoded. */
    public InvokeTask(String igniteService, String signature, Object[] args) {
        this.igniteService = igniteService;
        this.signature = signature;
        this.args = args;
    }

    @Override
    public CallResult call() {
        ReplicaHost host = LocalReplicas.find(ignite, igniteService);
        if (host == null) {
            return CallResult.failure(
                    CallResult.Outcome.GONE, "replica not on this node [igniteService=" + igniteService + "]");
        }
        return host.invoke(signature, args);
    }
}
