package dev.anvil.internal.control;

import dev.anvil.sdk.AnvilException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ignite.Ignite;
import org.apache.ignite.cluster.ClusterNode;

/**
 * Sends {@link HeadTask}s to the active head of the cluster a node belongs to ({@link ActiveHead}): the one way any
 * process asks the head. While no head runs (it died and no standby has taken over yet, or it is being restarted),
 * a request waits for one up to {@link #headWait()}, then fails with an {@link AnvilException} that says so: it never
 * hangs.
 */
public final class HeadClient {
    /** System property: how long a request waits for an active head, in milliseconds (default 30 000). */
    public static final String HEAD_WAIT_PROPERTY = "anvil.head.waitMs";

    private static final long DEFAULT_HEAD_WAIT_MS = 30_000;
    private static final long POLL_MS = 200;
    private static final ScheduledExecutorService RETRIES = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "anvil-head-wait");
        t.setDaemon(true);
        return t;
    });

    private final Ignite ignite;
    private final Duration headWait;

    /** A client for requests sent through {@code ignite}, waiting for a head as long as {@link #headWait()}. */
    public HeadClient(Ignite ignite) {
        this(ignite, Duration.ofMillis(Long.getLong(HEAD_WAIT_PROPERTY, DEFAULT_HEAD_WAIT_MS)));
    }

    /** A client for requests sent through {@code ignite} that wait for an active head at most {@code headWait}. */
    public HeadClient(Ignite ignite, Duration headWait) {
        this.ignite = ignite;
        this.headWait = headWait;
    }

    /** How long a request waits for an active head before it fails. */
    public Duration headWait() {
        return headWait;
    }

    /**
     * Sends {@code task} to the active head; the future fails with the exception the head's reply stands for, or
     * with an {@link AnvilException} when no active head took the request within {@link #headWait()}.
     */
    public CompletableFuture<HeadReply> ask(HeadTask task) {
        CompletableFuture<HeadReply> out = new CompletableFuture<>();
        send(task, out, System.nanoTime() + headWait.toNanos(), null);
        return out;
    }

    private void send(HeadTask task, CompletableFuture<HeadReply> out, long deadline, String lastRefusal) {
        Optional<ClusterNode> head;
        try {
            head = ActiveHead.node(ignite);
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
            return;
        }
        if (head.isEmpty() || lastRefusal != null) {
            if (System.nanoTime() >= deadline) {
                out.completeExceptionally(new AnvilException("no active head took the request within "
                        + headWait.toMillis() + " ms: start one with 'anvil head' (or 'anvil head --standby' to keep"
                        + " one ready) [request=" + task + ", heads="
                        + ActiveHead.heads(ignite).size() + ", nodes="
                        + ignite.cluster().nodes().size() + (lastRefusal == null ? "" : ", last=" + lastRefusal)
                        + "]"));
                return;
            }
            if (head.isEmpty() || lastRefusal != null) {
                RETRIES.schedule(() -> send(task, out, deadline, null), POLL_MS, TimeUnit.MILLISECONDS);
                return;
            }
        }
        try {
            ignite.compute(ignite.cluster().forNode(head.get())).callAsync(task).listen(f -> {
                HeadReply reply;
                try {
                    reply = f.get();
                } catch (RuntimeException e) {
                    // The head may have left while it handled the request: not sent again, since it may have acted.
                    out.completeExceptionally(e);
                    return;
                }
                if (reply.notActive()) {
                    send(task, out, deadline, "refused by a head that is not active");
                    return;
                }
                try {
                    reply.throwIfFailed();
                    out.complete(reply);
                } catch (RuntimeException e) {
                    out.completeExceptionally(e);
                }
            });
        } catch (RuntimeException e) {
            out.completeExceptionally(e);
        }
    }
}
