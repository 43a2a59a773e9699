package dev.anvil.worker.replica;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The calls of one replica: at most {@code maxConcurrent} execute at once, on threads of the replica's own (by default
 * one-thread, so serial) executor; at most {@code maxQueue} wait behind them; a call beyond both is refused at once
 * instead of waiting without bound. Callers never block: Ignite's public threads are not held by a waiting call.
 */
final class CallQueue {
    private final int maxConcurrent;
    private final int maxQueue;
    private final ThreadPoolExecutor executor;
    private final AtomicInteger running = new AtomicInteger();
    private int admitted;

    CallQueue(String name, int maxConcurrent, int maxQueue) {
        this.maxConcurrent = maxConcurrent;
        this.maxQueue = maxQueue;
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(
                maxConcurrent, maxConcurrent, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "anvil-replica-" + name + "-" + threads.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /**
     * Queues {@code call}; the future completes with its result (exceptionally when the queue was shut down), or is
     * {@code null} when the replica is full (its executing calls and its queue).
     */
    <T> CompletableFuture<T> submit(Supplier<T> call) {
        synchronized (this) {
            if (admitted >= maxConcurrent + maxQueue) {
                return null;
            }
            admitted++;
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        Runnable task = () -> {
            running.incrementAndGet();
            try {
                f.complete(call.get());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            } finally {
                running.decrementAndGet();
                release();
            }
        };
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            release();
            f.completeExceptionally(e);
        }
        return f;
    }

    private synchronized void release() {
        admitted--;
    }

    /** Calls executing now. */
    int running() {
        return running.get();
    }

    /** Calls admitted and waiting for an executing slot. */
    synchronized int waiting() {
        return Math.max(0, admitted - running.get());
    }

    /** Stops the executor's threads once the admitted calls are done; a later call is refused by the host. */
    void shutdown() {
        executor.shutdown();
    }
}
