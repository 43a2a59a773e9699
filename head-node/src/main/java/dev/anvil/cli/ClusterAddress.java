package dev.anvil.cli;

import dev.anvil.internal.node.NodeRole;
import dev.anvil.sdk.Anvil;
import java.util.Optional;

/** Finds the cluster a client command ({@code status}, {@code inspect}) talks to. */
final class ClusterAddress {
    private ClusterAddress() {}

    /**
     * The discovery address: {@code --address}, else the head recorded in the run directory, else
     * {@code $ANVIL_ADDRESS}.
     *
     * @throws IllegalArgumentException when none of them is there
     */
    static String resolve(String flag, RunDirectory runDir) {
        if (flag != null && !flag.isBlank()) {
            return flag;
        }
        Optional<NodeRecord> head = recordedHead(runDir);
        if (head.isPresent()) {
            return head.get().clusterAddress();
        }
        String env = System.getenv(Anvil.ADDRESS_ENV);
        if (env != null && !env.isBlank()) {
            return env;
        }
        throw new IllegalArgumentException("no cluster address: pass --address HOST:PORT, set " + Anvil.ADDRESS_ENV
                + " or start a head on this machine [runDir=" + runDir.path() + "]");
    }

    /** The head recorded in {@code runDir} whose process is still alive, if any. */
    static Optional<NodeRecord> recordedHead(RunDirectory runDir) {
        return runDir.list().stream()
                .filter(r -> r.role().equals(NodeRole.HEAD.attributeValue()))
                .filter(r ->
                        ProcessHandle.of(r.pid()).map(ProcessHandle::isAlive).orElse(false))
                .reduce((a, b) -> b);
    }
}
