package dev.anvil.sdk;

/** A service could not be deployed (e.g. its constructor threw); whatever was started was removed again. */
public class DeploymentException extends AnvilException {
    private static final long serialVersionUID = 1L;
    private final String service;

    /** Creates the exception; {@code cause} names the remote failure. */
    public DeploymentException(String service, String reason, Throwable cause) {
        super("service deployment failed: " + reason + " [service=" + service + "]", cause);
        this.service = service;
    }

    /** The service that failed to deploy. */
    public String service() {
        return service;
    }
}
