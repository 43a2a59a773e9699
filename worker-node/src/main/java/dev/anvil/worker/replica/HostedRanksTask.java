package dev.anvil.worker.replica;

import java.util.ArrayList;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** Asks a node which ranks it hosts (read-only: any member may ask). */
public final class HostedRanksTask implements IgniteCallable<List<String>> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public List<String> call() {
        return new ArrayList<>(RankHosts.of(ignite).names());
    }
}
