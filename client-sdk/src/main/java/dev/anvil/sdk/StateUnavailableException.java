package dev.anvil.sdk;

/** Distributed state could not be read or written: entries lost with every copy, or the cluster unreachable. */
public class StateUnavailableException extends AnvilException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, ending in {@code [key=value, ...]}
     * @param cause the underlying failure, or {@code null}
     */
    public StateUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
