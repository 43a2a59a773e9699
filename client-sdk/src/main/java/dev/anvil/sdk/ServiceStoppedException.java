package dev.anvil.sdk;

/** A call was made to a service that was shut down (or never existed in this cluster). */
public class ServiceStoppedException extends AnvilException {
    private static final long serialVersionUID = 1L;

    /** Creates the exception for {@code service}. */
    public ServiceStoppedException(String service) {
        super("service is shut down [service=" + service + "]");
    }
}
