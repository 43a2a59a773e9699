package dev.anvil.worker.replica;

import dev.anvil.internal.control.ActiveHead;
import dev.anvil.internal.registry.ServiceSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeTaskSession;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.TaskSessionResource;

/**
 * Sent by the head to the worker it placed a rank on: starts the rank there. Answers {@code null} when the rank runs,
 * else what its actor threw, as text: the actor's exception class may live in a job's jar or a client's code that
 * the head cannot load, so the failure crosses as a description, never as an object.
 */
public final class StartRankTask implements IgniteCallable<String> {
    private static final long serialVersionUID = 1L;

    private final ServiceSpec spec;
    private final String name;
    private final int replica;
    private final int rank;
    private final ArrayList<Integer> gpus;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** The request's session: which node sent it (Ignite's own record, not something the sender claims). */
    @TaskSessionResource
    private transient ComputeTaskSession session;

    /**
     * @param spec the service
     * @param name the rank's unique name (service, replica, generation, rank)
     * @param replica the replica's index
     * @param rank the rank within the replica
     * @param gpus the worker's GPUs the rank may use
     */
    public StartRankTask(ServiceSpec spec, String name, int replica, int rank, List<Integer> gpus) {
        this.spec = spec;
        this.name = name;
        this.replica = replica;
        this.rank = rank;
        this.gpus = new ArrayList<>(gpus);
    }

    @Override
    public String call() {
        ActiveHead.requireActiveHead(ignite, session == null ? null : session.getTaskNodeId(), "a replica start");
        try {
            RankHosts.of(ignite).start(name, new RankHost(spec, name, replica, rank, gpus));
            return null;
        } catch (Exception | LinkageError e) {
            return describe(e);
        }
    }

    /** {@code class: message}, then the stack trace. */
    private static String describe(Throwable t) {
        StringWriter trace = new StringWriter();
        t.printStackTrace(new PrintWriter(trace));
        return t.getClass().getName() + ": " + t.getMessage() + "\n" + trace;
    }
}
