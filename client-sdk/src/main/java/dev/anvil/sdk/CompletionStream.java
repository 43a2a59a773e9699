package dev.anvil.sdk;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Results of several calls in the order they complete: {@code endpoint(...).fanoutStream()} (one per replica) and
 * {@link Anvil#asCompleted(Collection)} (any futures). Iterating blocks until the next result is there; a failed call
 * yields its error as a {@link ReplicaResult} and the others still arrive. The stream is read once: every iterator
 * takes from the same results. Closing it stops the waiting and cancels nothing already sent.
 *
 * <pre>{@code
 * try (CompletionStream<List<Completion>> s = policy.endpoint(Policy::generate, prompt).fanoutStream()) {
 *     for (ReplicaResult<List<Completion>> r : s) {   // fastest replica first
 *         if (r.ok()) use(r.value()); else log(r.error());
 *     }
 * }
 * }</pre>
 *
 * @param <T> the result type of each call
 */
public final class CompletionStream<T> implements Iterable<ReplicaResult<T>>, AutoCloseable {
    /** Wakes a reader blocked in {@code next()} when the stream is closed under it. */
    private static final ReplicaResult<Object> CLOSED = new ReplicaResult<>(-1, null, null);

    private final LinkedBlockingQueue<ReplicaResult<?>> done = new LinkedBlockingQueue<>();
    private final int size;
    private int taken;
    private volatile boolean closed;

    private CompletionStream(int size) {
        this.size = size;
    }

    /** A stream of {@code futures}, each result tagged with its position in the collection's iteration order. */
    public static <T> CompletionStream<T> of(Collection<? extends CompletableFuture<? extends T>> futures) {
        if (futures == null) {
            throw new IllegalArgumentException("futures must not be null");
        }
        List<CompletableFuture<? extends T>> list = new ArrayList<>(futures);
        List<Integer> indices = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == null) {
                throw new IllegalArgumentException("futures must not contain null [position=" + i + "]");
            }
            indices.add(i);
        }
        return of(indices, list);
    }

    /**
     * A stream of {@code futures}, the result of {@code futures.get(i)} tagged {@code tags.get(i)} (a replica index).
     */
    public static <T> CompletionStream<T> of(
            List<Integer> tags, List<? extends CompletableFuture<? extends T>> futures) {
        if (tags.size() != futures.size()) {
            throw new IllegalArgumentException(
                    "one tag per future [tags=" + tags.size() + ", futures=" + futures.size() + "]");
        }
        CompletionStream<T> s = new CompletionStream<>(futures.size());
        for (int i = 0; i < futures.size(); i++) {
            int tag = tags.get(i);
            futures.get(i).whenComplete((v, t) -> s.done.add(new ReplicaResult<>(tag, v, unwrap(t))));
        }
        return s;
    }

    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** How many results the stream yields in all. */
    public int size() {
        return size;
    }

    /** Results not yet taken from the stream. */
    public synchronized int remaining() {
        return size - taken;
    }

    @Override
    public Iterator<ReplicaResult<T>> iterator() {
        checkOpen();
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                checkOpen();
                return remaining() > 0;
            }

            @Override
            public ReplicaResult<T> next() {
                checkOpen();
                synchronized (CompletionStream.this) {
                    if (taken >= size) {
                        throw new NoSuchElementException("every result of the stream was taken [size=" + size + "]");
                    }
                    taken++;
                }
                ReplicaResult<?> r;
                try {
                    r = done.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for the next result", e);
                }
                if (r == CLOSED) {
                    done.add(CLOSED);
                    checkOpen();
                }
                @SuppressWarnings("unchecked")
                ReplicaResult<T> typed = (ReplicaResult<T>) r;
                return typed;
            }
        };
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the completion stream is closed; open a new one to wait for results"
                    + " [size=" + size + ", taken=" + taken + "]");
        }
    }

    /** Stops waiting: a reader blocked on the next result gets an {@link IllegalStateException}. Cancels no call. */
    @Override
    public void close() {
        closed = true;
        done.add(CLOSED);
    }
}
