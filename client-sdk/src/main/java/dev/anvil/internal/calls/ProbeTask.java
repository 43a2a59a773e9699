package dev.anvil.internal.calls;

import dev.anvil.internal.registry.ReplicaLoad;
import java.util.ArrayList;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/** The head's health probe of the ranks one node hosts. */
public final class ProbeTask implements IgniteCallable<ArrayList<ProbeReport>> {
    private static final long serialVersionUID = 1L;

    private final String[] rankNames;
    private final long timeoutMs;

    @IgniteInstanceResource
    private transient Ignite ignite;

    /** Creates the probe of {@code rankNames}, each given {@code timeoutMs} for its {@code checkHealth()}. */
    public ProbeTask(String[] rankNames, long timeoutMs) {
        this.rankNames = rankNames;
        this.timeoutMs = timeoutMs;
    }

    @Override
    public ArrayList<ProbeReport> call() {
        ArrayList<ProbeReport> out = new ArrayList<>();
        for (String s : rankNames) {
            ReplicaHost h = LocalReplicas.find(ignite, s);
            out.add(
                    h == null
                            ? new ProbeReport(s, false, "replica not deployed on its node", ReplicaLoad.ZERO)
                            : h.probe(timeoutMs));
        }
        return out;
    }
}
