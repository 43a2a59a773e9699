package dev.anvil.worker.replica;

import dev.anvil.internal.code.ClientCode;
import dev.anvil.internal.registry.ServiceSpec;

/**
 * Gives the replica host the class loader that has a service's actor class. The default uses the worker's own
 * classpath; the job system installs one that answers with a submitted jar's class loader for that job's id, or with
 * the class loader of the code an outside client shipped.
 */
@FunctionalInterface
public interface ActorClassResolver {
    /**
     * The class loader for actor classes of submitted job {@code jobId} ({@code null}: not from a job).
     *
     * @throws IllegalArgumentException when the job is unknown on this node
     */
    ClassLoader loaderFor(String jobId);

    /** The class loader for the actor class of {@code spec}: its client's shipped code, its job's jar or the classpath. */
    default ClassLoader loaderFor(ServiceSpec spec) {
        return loaderFor(spec.jobId());
    }

    /** Loads {@code className} with the loader of {@code jobId}. */
    default Class<?> resolve(String jobId, String className) {
        try {
            return Class.forName(className, false, loaderFor(jobId));
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(
                    "actor class not found on this worker [class=" + className + ", job=" + jobId + "]", e);
        }
    }

    /**
     * Loads the actor class of {@code spec}.
     *
     * @throws IllegalArgumentException naming the class and, for an outside client, the code it shipped
     */
    default Class<?> resolve(ServiceSpec spec) {
        ClientCode code = spec.clientCode();
        if (code == null) {
            return resolve(spec.jobId(), spec.actorClass());
        }
        try {
            return Class.forName(spec.actorClass(), false, loaderFor(spec));
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException(
                    "actor class cannot be loaded from the code its client shipped, nor from the worker's classpath"
                            + " [class=" + spec.actorClass() + ", error=" + e + ", shipped=" + code.describe()
                            + ", client=" + code.clientId() + "]",
                    e);
        }
    }
}
