package dev.anvil.head.services;

import dev.anvil.sdk.Endpoint;

/** The Counter actor of the API walk-through. */
public class Counter {
    private int value;

    public Counter(int initialValue) {
        value = initialValue;
    }

    @Endpoint
    public int increment() {
        return ++value;
    }

    @Endpoint
    public int getValue() {
        return value;
    }

    @Endpoint
    public void reset() {
        value = 0;
    }

    @Endpoint
    public int add(int delta) {
        value += delta;
        return value;
    }

    /** Public but not an endpoint. */
    public int secret() {
        return 42;
    }
}
