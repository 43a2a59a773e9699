package dev.anvil.sdk;

import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The runtime behind the SDK's static entry points ({@link Anvil#connect}, {@link JobClient#connect},
 * {@link ReplicaContext#current()}): a service provider interface, implemented by the client-sdk's cluster runtime
 * and found with {@link ServiceLoader}, so that this package never names its implementation (as Ray's API finds its
 * runtime). Applications do not implement or call it.
 */
public interface AnvilRuntime {
    /** Joins the cluster at {@code addresses} as a client; see {@link Anvil#connect(String)}. */
    Anvil connect(String addresses);

    /** Joins a cluster as a client with {@code options}; see {@link Anvil#connect(ConnectOptions)}. */
    Anvil connect(ConnectOptions options);

    /** The cluster this code runs in; see {@link Anvil#connect()}. */
    Anvil connectDefault();

    /** A job client that joins the cluster at {@code address}; see {@link JobClient#connect(String, String)}. */
    JobClient jobClient(String address, String token);

    /** A job client over an existing connection; see {@link JobClient#of(Anvil, String)}. */
    JobClient jobClient(Anvil anvil, String token);

    /** The context of the actor instance the calling thread works for, if any. */
    Optional<ReplicaContext> currentReplica();

    /**
     * The installed runtime, loaded once.
     *
     * @throws AnvilException when none is on the class path
     */
    static AnvilRuntime get() {
        return InstalledRuntime.RUNTIME;
    }
}
