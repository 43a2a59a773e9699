package dev.anvil.sdk;

/** A weight version is unknown, already exists, or does not fit the call. */
public class WeightVersionException extends AnvilException {
    private static final long serialVersionUID = 1L;

    private final String store;
    private final long version;

    /**
     * @param problem what is wrong, e.g. "unknown weight version"
     * @param store the store's name
     * @param version the version concerned
     */
    public WeightVersionException(String problem, String store, long version) {
        super(problem + " [store=" + store + ", version=" + version + "]");
        this.store = store;
        this.version = version;
    }

    /** The store's name. */
    public String store() {
        return store;
    }

    /** The version concerned. */
    public long version() {
        return version;
    }
}
