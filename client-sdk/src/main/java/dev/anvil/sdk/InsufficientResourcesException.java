package dev.anvil.sdk;

/** A service asked for more than the cluster has (GPUs, workers); nothing was deployed. */
public class InsufficientResourcesException extends AnvilException {
    private static final long serialVersionUID = 1L;
    private final String resource;
    private final int asked;
    private final int available;

    /** Creates the exception for {@code asked} units of {@code resource} when {@code available} exist. */
    public InsufficientResourcesException(String service, String resource, int asked, int available) {
        super("service asks for more " + resource + " than the cluster has [service=" + service + ", resource="
                + resource + ", asked=" + asked + ", available=" + available + "]");
        this.resource = resource;
        this.asked = asked;
        this.available = available;
    }

    /** The resource that is short: {@code gpus} or {@code workers}. */
    public String resource() {
        return resource;
    }

    /** How many were asked for. */
    public int asked() {
        return asked;
    }

    /** How many are free in the cluster. */
    public int available() {
        return available;
    }
}
