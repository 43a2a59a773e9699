package dev.anvil.sdk;

import java.util.List;

/**
 * A replay buffer shared by the whole cluster, kept in Ignite caches with a backup copy: TorchForge's replay buffer
 * semantics, reachable from any process (driver, replica, client). Every call blocks.
 *
 * <pre>{@code
 * ReplayBuffer<Episode> buf = anvil.replayBuffer("episodes", Episode.class,
 *         ReplayBufferConfig.builder().batchSize(16).maxPolicyAge(1).build());
 * buf.add(episode, policyVersion);                           // any process, concurrently
 * List<List<Episode>> batch = buf.sample(currPolicyVersion);  // dpSize lists of batchSize, or null
 * }</pre>
 *
 * <p>Each element is sampled at most {@code maxResampleCount + 1} times cluster-wide, even with concurrent samplers.
 *
 * @param <E> element type: a {@link java.io.Serializable} type (records included) or a Jackson-mappable POJO
 */
public interface ReplayBuffer<E> extends AutoCloseable {

    /** The buffer's cluster-wide name. */
    String name();

    /** The buffer's settings. */
    ReplayBufferConfig config();

    /**
     * Adds one element produced by the policy at {@code policyVersion}; when the buffer is full the oldest entry is
     * dropped. The element is serialized at once and sent within a few milliseconds, batched with other adds;
     * every read through this handle (and {@link #flush()}) waits until this handle's adds are stored.
     *
     * @throws ElementNotStorableException when the element cannot be serialized (nothing is added)
     */
    void add(E element, long policyVersion);

    /** Adds several elements of one policy version; all are serialized before any is sent. */
    void addAll(List<? extends E> elements, long policyVersion);

    /**
     * Waits until every element added through this handle is stored in the cluster (with its backup copy).
     *
     * @throws StateUnavailableException when an earlier add could not be stored
     */
    void flush();

    /**
     * Evicts entries too old for {@code currPolicyVersion} or sampled too often, then draws {@code dpSize * batchSize}
     * entries uniformly without replacement.
     *
     * @return {@code dpSize} lists of {@code batchSize} elements, or {@code null} when there are not enough entries
     *     (then nothing is marked sampled)
     */
    List<List<E>> sample(long currPolicyVersion);

    /** Removes entries older than {@code maxPolicyAge} versions behind {@code currPolicyVersion}. */
    void evict(long currPolicyVersion);

    /** Removes every entry. */
    void clear();

    /** Entries currently held (stale ones count until evicted). */
    long size();

    /** The buffer's whole state (entries, sample counts, order, sampler position) as bytes. */
    byte[] stateDict();

    /**
     * Replaces the buffer's state by one from {@link #stateDict()}; {@code stateDict()} then returns the same bytes.
     *
     * @throws AnvilException when the bytes are not a state of a buffer with this configuration (nothing changed)
     */
    void loadStateDict(byte[] state);

    /** Flushes this handle's adds and releases its resources; the buffer itself stays in the cluster. */
    @Override
    void close();
}
