package dev.anvil.internal.jobs;

import dev.anvil.sdk.JobException;
import java.util.List;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * A job request sent from a {@link ClusterJobClient} to the head and run there against its {@link JobRequestHandler}.
 * Plain fields rather than a record: Ignite 2.17 cannot marshal records.
 */
public final class JobCall implements IgniteCallable<String> {
    private static final long serialVersionUID = 1L;

    /** What to do. */
    enum Op { SUBMIT, STOP }

    private final Op op;
    private final String token;
    private final String jobId;
    private final byte[] jar;
    private final String mainClass;
    private final String[] args;
    private final byte[] config;
    private final int entrypointGpus;

    @IgniteInstanceResource
    private transient Ignite ignite;

    private JobCall(Op op, String token, String jobId, byte[] jar, String mainClass, List<String> args, byte[] config,
            int entrypointGpus) {
        this.op = op;
        this.token = token;
        this.jobId = jobId;
        this.jar = jar;
        this.mainClass = mainClass;
        this.args = args == null ? null : args.toArray(String[]::new);
        this.config = config;
        this.entrypointGpus = entrypointGpus;
    }

    static JobCall submit(String token, byte[] jar, String mainClass, List<String> args, byte[] config, int gpus) {
        return new JobCall(Op.SUBMIT, token, null, jar, mainClass, args, config, gpus);
    }

    static JobCall stop(String token, String jobId) {
        return new JobCall(Op.STOP, token, jobId, null, null, null, null, 0);
    }

    @Override
    public String call() {
        Object h = ignite.cluster().nodeLocalMap().get(JobRequestHandler.KEY);
        if (!(h instanceof JobRequestHandler handler)) {
            throw new JobException(JobException.Reason.UNSCHEDULABLE, jobId,
                    "this head runs no job manager [node=" + ignite.name() + "]");
        }
        return switch (op) {
            case SUBMIT -> handler.submit(token, jar, mainClass, List.of(args), config, entrypointGpus);
            case STOP -> {
                handler.stop(token, jobId);
                yield jobId;
            }
        };
    }
}
