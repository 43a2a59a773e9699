package dev.anvil.head;

import dev.anvil.head.jobs.JobManager;
import dev.anvil.head.services.ServiceController;
import dev.anvil.internal.control.HeadControl;
import dev.anvil.internal.registry.ReplicaRecord;
import dev.anvil.internal.registry.ServiceSpec;
import java.util.List;
import org.apache.ignite.Ignite;

/**
 * The head's answer to {@link HeadControl} requests: services go to its {@link ServiceController}, jobs to its
 * {@link JobManager}. Registered in the head's node-local map while the head runs.
 */
public final class HeadControlPlane implements HeadControl, AutoCloseable {
    private final Ignite ignite;
    private final ServiceController services;
    private final JobManager jobs;

    private HeadControlPlane(Ignite ignite, ServiceController services, JobManager jobs) {
        this.ignite = ignite;
        this.services = services;
        this.jobs = jobs;
    }

    /** Registers the control plane of {@code services} and {@code jobs} on the head {@code ignite}. */
    static HeadControlPlane register(Ignite ignite, ServiceController services, JobManager jobs) {
        HeadControlPlane plane = new HeadControlPlane(ignite, services, jobs);
        KEY.register(ignite, plane);
        return plane;
    }

    /** The service controller requests about services go to. */
    public ServiceController services() {
        return services;
    }

    @Override
    public List<ReplicaRecord> deploy(ServiceSpec spec) {
        return services.deploy(spec);
    }

    @Override
    public void shutdown(String service) {
        services.shutdown(service);
    }

    @Override
    public String submitJob(
            String token,
            byte[] jar,
            String mainClass,
            List<String> args,
            byte[] config,
            int entrypointGpus,
            int maxRestarts) {
        return jobs.submit(token, jar, mainClass, args, config, entrypointGpus, maxRestarts);
    }

    @Override
    public void stopJob(String token, String id) {
        jobs.stop(token, id);
    }

    /** Stops taking requests. */
    @Override
    public void close() {
        KEY.unregister(ignite, this);
    }
}
