package dev.anvil.sdk;

/** A replay-buffer element type (or one element) cannot be serialized into the cluster. */
public class ElementNotStorableException extends AnvilException {
    private static final long serialVersionUID = 1L;

    private final String elementType;

    /**
     * @param elementType the type's name
     * @param reason why it cannot be stored
     * @param cause the serializer's failure, or {@code null}
     */
    public ElementNotStorableException(String elementType, String reason, Throwable cause) {
        super("element cannot be stored in a replay buffer: " + reason + " [type=" + elementType + "]", cause);
        this.elementType = elementType;
    }

    /** Name of the type that cannot be stored. */
    public String elementType() {
        return elementType;
    }
}
