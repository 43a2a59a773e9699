package dev.anvil.internal.node;

/**
 * Names of the Ignite node attributes Anvil nodes advertise.
 *
 * <p>Environment variables and system properties are never advertised ({@code setIncludeProperties()} is empty),
 * so these are the only user-level attributes a node carries.
 */
public final class NodeAttributes {
    /** {@code head}, {@code worker} or {@code client}. */
    public static final String ROLE = "anvil.role";
    /** Number of GPUs the worker offers (Integer). */
    public static final String GPUS = "anvil.gpus";
    /** GPU indices, comma separated (String), e.g. {@code "0,1"}. */
    public static final String GPU_INDICES = "anvil.gpu.indices";
    /** GPU names, comma separated in index order (String). */
    public static final String GPU_NAMES = "anvil.gpu.names";
    /** GPU memory in MiB, comma separated in index order (String). */
    public static final String GPU_MEMORY_MIB = "anvil.gpu.memoryMib";
    /** CPUs the worker offers to replicas (Integer). */
    public static final String CPUS = "anvil.cpus";
    /** Memory the worker offers to replicas, bytes (Long). */
    public static final String MEMORY_BYTES = "anvil.memory.bytes";
    /** Wall-clock start time of the node, epoch millis (Long). */
    public static final String STARTED_AT = "anvil.startedAt";
    /** Operating-system process id of the node's JVM (Long). */
    public static final String PID = "anvil.pid";

    /** {@code host:port} of a data node's weight blob server. */
    public static final String BLOB_ADDRESS = "anvil.blobs.address";
    /** Absolute path of a data node's blob directory, read and written directly by processes on its host. */
    public static final String BLOB_DIR = "anvil.blobs.dir";
    /** Random token in the blob directory's {@code TOKEN} file: proves a process sees that very directory. */
    public static final String BLOB_TOKEN = "anvil.blobs.token";

    /** {@code true} on a node started with {@code --insecure} off loopback without TLS; shown by {@code anvil status}. */
    public static final String INSECURE = "anvil.insecure";

    private NodeAttributes() {}
}
