package dev.anvil.head.jobs;

import dev.anvil.head.services.ServiceController;
import dev.anvil.internal.registry.ServiceSpec;
import java.util.List;

/**
 * The services a job spawned, as the head's {@link ServiceController} knows them: every service whose spec carries
 * the job's id (set from {@code JobContext.currentJobId()} in the driver JVM that spawned it).
 */
public final class JobServices {
    private final ServiceController controller;

    /** @param controller the head's service controller */
    public JobServices(ServiceController controller) {
        this.controller = controller;
    }

    /** The GPU ledger replicas and drivers take their GPUs from. */
    public dev.anvil.head.placement.GpuLedger ledger() {
        return controller.ledger();
    }

    /** Names of the services job {@code jobId} spawned that still exist. */
    public List<String> servicesOf(String jobId) {
        return controller.specs().stream()
                .filter(s -> jobId.equals(s.jobId()))
                .map(ServiceSpec::name)
                .sorted()
                .toList();
    }

    /** Shuts down every service of job {@code jobId}; returns once they are gone and their GPUs free. */
    public void shutdownAll(String jobId) {
        for (String service : servicesOf(jobId)) {
            controller.shutdown(service);
        }
    }
}
