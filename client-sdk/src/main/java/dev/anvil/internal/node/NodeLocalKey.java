package dev.anvil.internal.node;

import java.util.concurrent.ConcurrentMap;
import org.apache.ignite.Ignite;

/**
 * A typed entry of an Ignite node's node-local map: how a node finds the objects it runs itself (the head's control
 * plane, the replica hosts, the driver launcher, the blob holders) from a compute task that arrives on it. Every use
 * of the node-local map goes through a key of this type, so each entry has one name and one type.
 *
 * @param name the map key
 * @param type what the entry holds
 * @param <T> what the entry holds
 */
public record NodeLocalKey<T>(String name, Class<T> type) {
    /** The entry on {@code ignite}, or {@code null} when none is registered. */
    public T find(Ignite ignite) {
        return type.cast(map(ignite).get(name));
    }

    /** Registers {@code value} on {@code ignite}, replacing any earlier one. */
    public void register(Ignite ignite, T value) {
        map(ignite).put(name, value);
    }

    /** The entry on {@code ignite}, registering {@code create}'s value first when there is none. */
    public T findOrRegister(Ignite ignite, java.util.function.Supplier<T> create) {
        return type.cast(map(ignite).computeIfAbsent(name, k -> create.get()));
    }

    /** Removes the entry if it is {@code value}. */
    public void unregister(Ignite ignite, T value) {
        map(ignite).remove(name, value);
    }

    /** A key of the same type under {@code name + suffix}: one entry per instance, e.g. per replica. */
    public NodeLocalKey<T> child(String suffix) {
        return new NodeLocalKey<>(name + suffix, type);
    }

    @SuppressWarnings("unchecked")
    private static ConcurrentMap<String, Object> map(Ignite ignite) {
        return (ConcurrentMap<String, Object>)
                (ConcurrentMap<?, ?>) ignite.cluster().nodeLocalMap();
    }
}
