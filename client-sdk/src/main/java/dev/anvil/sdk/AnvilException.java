package dev.anvil.sdk;

/**
 * Root of every exception Anvil throws. Unchecked; subclasses carry data. Messages end in {@code [key=value, ...]}.
 */
public class AnvilException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public AnvilException(String message) {
        super(message);
    }

    public AnvilException(String message, Throwable cause) {
        super(message, cause);
    }
}
