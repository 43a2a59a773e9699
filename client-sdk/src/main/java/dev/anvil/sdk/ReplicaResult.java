package dev.anvil.sdk;

/**
 * The outcome of one call among several, as a {@link CompletionStream} yields it: the value, or the error of that call.
 *
 * @param replica the replica index for {@code fanoutStream()}; the position in the list for
 *     {@code Anvil.asCompleted(futures)}
 * @param value the result, or {@code null} when the call failed (or the endpoint returned {@code null})
 * @param error the failure (an {@link AnvilException} subtype such as {@link RemoteEndpointException} or
 *     {@link CallTimeoutException} for endpoint calls), or {@code null} when the call succeeded
 * @param <T> the result type
 */
public record ReplicaResult<T>(int replica, T value, Throwable error) {

    /** Whether the call succeeded. */
    public boolean ok() {
        return error == null;
    }
}
