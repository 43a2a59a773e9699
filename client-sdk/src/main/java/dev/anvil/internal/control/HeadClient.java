package dev.anvil.internal.control;

import dev.anvil.internal.node.NodeAttributes;
import dev.anvil.internal.node.NodeRole;
import dev.anvil.sdk.AnvilException;
import java.util.concurrent.CompletableFuture;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterGroup;

/** Sends {@link HeadTask}s to the head of the cluster a node belongs to: the one way any process asks the head. */
public final class HeadClient {
    private final Ignite ignite;

    /** A client for requests sent through {@code ignite}. */
    public HeadClient(Ignite ignite) {
        this.ignite = ignite;
    }

    /**
     * Sends {@code task} to the head; the future fails with the exception the head's reply stands for, or with an
     * {@link AnvilException} when no head is in the cluster.
     */
    public CompletableFuture<HeadReply> ask(HeadTask task) {
        ClusterGroup head = ignite.cluster().forAttribute(NodeAttributes.ROLE, NodeRole.HEAD.attributeValue());
        if (head.nodes().isEmpty()) {
            return CompletableFuture.failedFuture(
                    new AnvilException("no head in the cluster to take the request" + " [request=" + task + ", nodes="
                            + ignite.cluster().nodes().size() + "]"));
        }
        CompletableFuture<HeadReply> out = new CompletableFuture<>();
        try {
            ignite.compute(head).callAsync(task).listen(f -> {
                try {
                    HeadReply reply = f.get();
                    reply.throwIfFailed();
                    out.complete(reply);
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
        return out;
    }
}
