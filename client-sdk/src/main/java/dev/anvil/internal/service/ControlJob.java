package dev.anvil.internal.service;

import dev.anvil.internal.spi.ServiceControlPlane;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;
import org.slf4j.LoggerFactory;

/** A control request (deploy or shut down a service) sent by a caller to the head. */
public final class ControlJob implements IgniteCallable<ControlReply> {
    private static final long serialVersionUID = 1L;

    private final ServiceSpec deploy;
    private final String shutdown;

    @IgniteInstanceResource
    private transient Ignite ignite;

    private ControlJob(ServiceSpec deploy, String shutdown) {
        this.deploy = deploy;
        this.shutdown = shutdown;
    }

    /** A request to deploy {@code spec}. */
    public static ControlJob deploy(ServiceSpec spec) {
        return new ControlJob(spec, null);
    }

    /** A request to shut {@code service} down. */
    public static ControlJob shutdown(String service) {
        return new ControlJob(null, service);
    }

    @Override
    public ControlReply call() {
        String service = deploy != null ? deploy.name() : shutdown;
        ServiceControlPlane cp = (ServiceControlPlane) ignite.cluster().nodeLocalMap()
                .get(ServiceControlPlane.NODE_LOCAL_KEY);
        if (cp == null) {
            return ControlReply.failed(service, new IllegalStateException("this node runs no service controller"
                    + " [node=" + ignite.cluster().localNode().id() + "]"));
        }
        try {
            if (deploy != null) {
                return ControlReply.ok(service, cp.deploy(deploy));
            }
            cp.shutdown(shutdown);
            return ControlReply.ok(service, java.util.List.of());
        } catch (RuntimeException e) {
            LoggerFactory.getLogger(ControlJob.class).debug("control request failed [service={}]", service, e);
            return ControlReply.failed(service, e);
        }
    }
}
