package app;

/** An actor that needs a library (lib.Base) its client has but does not ship unless told to. */
public class Needy extends lib.Base {
    public Needy() {}

    @dev.anvil.sdk.Endpoint
    public String hello() {
        return "needy:" + base();
    }
}
