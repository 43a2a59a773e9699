package dev.anvil.internal.control;

import dev.anvil.internal.registry.ServiceSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.slf4j.LoggerFactory;

/**
 * A request to the head, run there against its {@link HeadControl}; failures come back as data in the
 * {@link HeadReply}. Plain fields rather than a record: Ignite 2.17 cannot marshal records.
 */
public final class HeadTask implements IgniteCallable<HeadReply> {
    private static final long serialVersionUID = 1L;
    /** How long the active head may take to start its control plane before a request is answered NOT_ACTIVE. */
    private static final long ACTIVATION_GRACE_MS = 10_000;

    /** What the request asks for. */
    enum Op {
        DEPLOY,
        SHUTDOWN,
        SUBMIT_JOB,
        STOP_JOB
    }

    private final Op op;
    private final ServiceSpec spec;
    private final String target;
    private final String token;
    private final byte[] jar;
    private final String mainClass;
    private final String[] args;
    private final byte[] config;
    private final int entrypointGpus;
    private final int maxRestarts;

    @IgniteInstanceResource
    private transient Ignite ignite;

    private HeadTask(
            Op op,
            ServiceSpec spec,
            String target,
            String token,
            byte[] jar,
            String mainClass,
            List<String> args,
            byte[] config,
            int entrypointGpus,
            int maxRestarts) {
        this.op = op;
        this.spec = spec;
        this.target = target;
        this.token = token;
        this.jar = jar;
        this.mainClass = mainClass;
        this.args = args == null ? null : args.toArray(String[]::new);
        this.config = config;
        this.entrypointGpus = entrypointGpus;
        this.maxRestarts = maxRestarts;
    }

    /** Deploy the service {@code spec} describes. */
    public static HeadTask deploy(ServiceSpec spec) {
        return new HeadTask(Op.DEPLOY, spec, spec.name(), null, null, null, null, null, 0, 0);
    }

    /** Shut {@code service} down. */
    public static HeadTask shutdown(String service) {
        return new HeadTask(Op.SHUTDOWN, null, service, null, null, null, null, null, 0, 0);
    }

    /** Submit a job. */
    public static HeadTask submitJob(
            String token,
            byte[] jar,
            String mainClass,
            List<String> args,
            byte[] config,
            int entrypointGpus,
            int maxRestarts) {
        return new HeadTask(
                Op.SUBMIT_JOB, null, null, token, jar, mainClass, args, config, entrypointGpus, maxRestarts);
    }

    /** Stop job {@code id}. */
    public static HeadTask stopJob(String token, String id) {
        return new HeadTask(Op.STOP_JOB, null, id, token, null, null, null, null, 0, 0);
    }

    @Override
    public HeadReply call() {
        HeadControl head = HeadControl.KEY.find(ignite);
        // A head that just became the active one may still be starting its control plane: a moment's grace.
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ACTIVATION_GRACE_MS);
        while (head == null
                && ActiveHead.isActive(ignite, ignite.cluster().localNode().id())
                && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
            head = HeadControl.KEY.find(ignite);
        }
        if (head == null) {
            return HeadReply.notActive(
                    target, "this node runs no active head control plane [node=" + ignite.name() + "]");
        }
        try {
            return switch (op) {
                case DEPLOY -> HeadReply.ok(target, head.deploy(spec));
                case SHUTDOWN -> {
                    head.shutdown(target);
                    yield HeadReply.ok(target, List.of());
                }
                case SUBMIT_JOB ->
                    HeadReply.value(head.submitJob(
                            token,
                            jar,
                            mainClass,
                            args == null ? List.of() : List.of(args),
                            config,
                            entrypointGpus,
                            maxRestarts));
                case STOP_JOB -> {
                    head.stopJob(token, target);
                    yield HeadReply.value(target);
                }
            };
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(HeadTask.class).debug("head request failed [op={}, target={}]", op, target, e);
            return HeadReply.failed(target, e);
        }
    }

    @Override
    public String toString() {
        return op + (target == null ? "" : " " + target);
    }
}
