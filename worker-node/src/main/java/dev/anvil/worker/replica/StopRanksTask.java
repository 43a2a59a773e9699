package dev.anvil.worker.replica;

import dev.anvil.internal.control.ActiveHead;
import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.compute.ComputeTaskSession;
import org.apache.ignite.lang.IgniteRunnable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.apache.ignite.resources.TaskSessionResource;

/** Sent by the head to a worker: stops the named ranks there (each one's {@code cleanup()} included). */
public final class StopRanksTask implements IgniteRunnable {
    private static final long serialVersionUID = 1L;

    private final ArrayList<String> names;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** The request's session: which node sent it (Ignite's own record, not something the sender claims). */
    @TaskSessionResource
    private transient ComputeTaskSession session;

    /** @param names the ranks to stop; those that do not run there are skipped */
    public StopRanksTask(List<String> names) {
        this.names = new ArrayList<>(names);
    }

    @Override
    public void run() {
        ActiveHead.requireActiveHead(ignite, session == null ? null : session.getTaskNodeId(), "a replica stop");
        RankHosts hosts = RankHosts.of(ignite);
        names.forEach(hosts::stop);
    }
}
