package dev.anvil.sdk;

/** {@code route()} found no healthy replica left to call, after its retries. */
public class NoHealthyReplicaException extends AnvilException {
    private static final long serialVersionUID = 1L;
    private final String service;
    private final int attempts;

    /** Creates the exception; {@code cause} is the last failure seen, or {@code null}. */
    public NoHealthyReplicaException(String service, int attempts, int replicas, Throwable cause) {
        super(
                "no healthy replica could take the call [service=" + service + ", attempts=" + attempts + ", replicas="
                        + replicas + (cause == null ? "" : ", lastError=" + cause.getMessage()) + "]",
                cause);
        this.service = service;
        this.attempts = attempts;
    }

    /** The service. */
    public String service() {
        return service;
    }

    /** How many replicas were tried. */
    public int attempts() {
        return attempts;
    }
}
