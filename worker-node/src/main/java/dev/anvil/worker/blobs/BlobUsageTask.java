package dev.anvil.worker.blobs;

import dev.anvil.internal.node.NodeAttributes;
import java.nio.file.Path;
import org.apache.ignite.Ignite;
import org.apache.ignite.lang.IgniteCallable;
import org.apache.ignite.resources.IgniteInstanceResource;

/**
 * Runs on a data node and reports what its blob holder keeps ({@link BlobUsage}); {@code null} on a node without
 * one. The holder's directory comes from the node's own attributes, so the task needs no registry of holders.
 */
public final class BlobUsageTask implements IgniteCallable<BlobUsage> {
    private static final long serialVersionUID = 1L;

    @IgniteInstanceResource
    private transient Ignite ignite;

    @Override
    public BlobUsage call() {
        Object dir = ignite.cluster().localNode().attribute(NodeAttributes.BLOB_DIR);
        return dir == null ? null : BlobUsage.of(Path.of(dir.toString()));
    }
}
