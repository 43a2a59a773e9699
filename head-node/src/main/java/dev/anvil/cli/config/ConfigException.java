package dev.anvil.cli.config;

import dev.anvil.sdk.AnvilException;

/** A node configuration file that is missing, unreadable or does not parse. */
public class ConfigException extends AnvilException {
    private static final long serialVersionUID = 1L;

    /** A configuration error with its cause. */
    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
