package dev.anvil.sdk;

/** A replay buffer name is already in use with another configuration or element type. */
public class ReplayBufferMismatchException extends AnvilException {
    private static final long serialVersionUID = 1L;

    private final String bufferName;
    private final String existing;
    private final String requested;

    /**
     * @param bufferName the buffer's name
     * @param existing description of the buffer that exists
     * @param requested description of the one asked for
     */
    public ReplayBufferMismatchException(String bufferName, String existing, String requested) {
        super("replay buffer name already used with another configuration [name=" + bufferName + ", existing="
                + existing + ", requested=" + requested + "]");
        this.bufferName = bufferName;
        this.existing = existing;
        this.requested = requested;
    }

    /** The buffer's name. */
    public String bufferName() {
        return bufferName;
    }

    /** The configuration the buffer has. */
    public String existing() {
        return existing;
    }

    /** The configuration that was asked for. */
    public String requested() {
        return requested;
    }
}
