package lib;

/** A library class: in its own jar, on no worker. */
public class Base {
    public String base() {
        return "base";
    }
}
