package dev.anvil.internal.calls;

import dev.anvil.internal.codec.ValueCodec;

/**
 * The answer of a replica host to one call. Endpoint exceptions travel as type name + message, never as exception
 * objects, so the caller needs none of the replica's classes to read them.
 */
public final class CallResult {
    /** How a call ended. */
    public enum Outcome {
        /** The endpoint returned {@link #value()}. */
        OK,
        /** The endpoint threw. */
        ENDPOINT_ERROR,
        /** The replica's concurrency and queue were full. */
        OVERLOADED,
        /** The call itself was wrong (unknown endpoint, wrong arguments). */
        BAD_REQUEST,
        /** The replica is not (or no longer) on this node. */
        GONE
    }

    private final Outcome outcome;
    private final Object value;
    private final String errorType;
    private final String errorMessage;
    private final String errorTrace;

    private CallResult(Outcome outcome, Object value, String errorType, String errorMessage, String errorTrace) {
        this.outcome = outcome;
        this.value = value;
        this.errorType = errorType;
        this.errorMessage = errorMessage;
        this.errorTrace = errorTrace;
    }

    /** A result; {@code encodedValue} is already encoded by {@link ValueCodec}. */
    public static CallResult ok(Object encodedValue) {
        return new CallResult(Outcome.OK, encodedValue, null, null, null);
    }

    /** A failure other than an endpoint exception. */
    public static CallResult failure(Outcome outcome, String message) {
        return new CallResult(outcome, null, null, message, null);
    }

    /** An exception thrown by the endpoint. */
    public static CallResult thrown(Throwable t) {
        java.io.StringWriter sw = new java.io.StringWriter();
        t.printStackTrace(new java.io.PrintWriter(sw));
        String trace = sw.toString();
        return new CallResult(
                Outcome.ENDPOINT_ERROR,
                null,
                t.getClass().getName(),
                t.getMessage(),
                trace.length() > 4000 ? trace.substring(0, 4000) + "..." : trace);
    }

    public Outcome outcome() {
        return outcome;
    }

    public Object value() {
        return value;
    }

    public String errorType() {
        return errorType;
    }

    public String errorMessage() {
        return errorMessage;
    }

    public String errorTrace() {
        return errorTrace;
    }
}
