package dev.anvil.grpo.model;

import dev.anvil.sdk.AnvilException;

/**
 * libtorch could not be loaded in this JVM: not in DJL's cache while offline, or already loaded by another job's
 * class loader (a JNI library binds to one class loader per JVM).
 */
public final class LibtorchUnavailableException extends AnvilException {
    private final String cacheDir;

    /**
     * Creates the exception.
     *
     * @param problem what went wrong and how to fix it
     * @param cacheDir the DJL cache directory searched
     * @param cause DJL's error
     */
    public LibtorchUnavailableException(String problem, String cacheDir, Throwable cause) {
        super(problem + " [DJL_CACHE_DIR=" + cacheDir + ", DJL_OFFLINE=" + System.getenv("DJL_OFFLINE") + "]", cause);
        this.cacheDir = cacheDir;
    }

    /** @return the DJL cache directory that was searched */
    public String cacheDir() {
        return cacheDir;
    }
}
