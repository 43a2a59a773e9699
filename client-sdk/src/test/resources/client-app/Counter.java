package app;

/** An outside driver's actor; its version string is filled in when the test builds the jar. */
public class Counter {
    private int count;

    public Counter() {}

    @dev.anvil.sdk.Endpoint
    public String version() {
        return "@VERSION@";
    }

    @dev.anvil.sdk.Endpoint
    public int increment() {
        return ++count;
    }
}
