package dev.anvil.sdk;

/** A call got no answer within the service's call timeout. */
public class CallTimeoutException extends AnvilException {
    private static final long serialVersionUID = 1L;
    private final long timeoutMs;

    /** Creates the exception for a call to {@code endpoint} of {@code service}. */
    public CallTimeoutException(String service, String endpoint, int replica, long timeoutMs) {
        super("call timed out [service=" + service + ", endpoint=" + endpoint + ", replica=" + replica + ", timeoutMs="
                + timeoutMs + "]");
        this.timeoutMs = timeoutMs;
    }

    /** The timeout that expired, milliseconds. */
    public long timeoutMs() {
        return timeoutMs;
    }
}
