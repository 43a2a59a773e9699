package dev.anvil.sdk;

/**
 * A sticky session of a service: every {@code route()} of the session reaches the same replica while it lives, and a
 * healthy one when it dies. The session id is kept in the cluster, so another process can resume it with
 * {@link ServiceHandle#session(String)}.
 *
 * @param <A> the actor class
 */
public interface Session<A> extends EndpointSource<A>, AutoCloseable {

    /** The session id. */
    String id();

    /** The index of the replica the session is pinned to now, or -1 before its first call. */
    int replica();

    /** Ends the session and forgets its pinning, cluster-wide. */
    @Override
    void close();
}
