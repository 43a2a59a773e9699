package dev.anvil.testkit;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded stream of calls from background threads, for tests that break a node (kill -9, SIGSTOP, an embedded
 * node stopped) while a workload runs: it counts the calls that succeed and keeps every one that fails.
 *
 * <pre>{@code
 * try (CallStream stream = CallStream.builder("steady-caller").threads(4)
 *         .start(i -> svc.endpoint(Echo::where).route().join())) {
 *     long killedAt = stream.faultAfter(200, WAIT, () -> cluster.kill9(victim));
 *     await().atMost(WAIT).until(() -> recovered(svc));
 *     assertThat(stream.failures()).isEmpty();
 * }
 * }</pre>
 *
 * <p>Each thread calls until the stream is closed, {@link Builder#maxCalls} calls were started or
 * {@link Builder#maxTime} has passed, whichever comes first; {@link #close()} waits a bounded time for the threads.
 */
public final class CallStream implements AutoCloseable {
    /** How long {@link #close()} waits, in all, for the threads to finish their last call. */
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(60);

    /** One call of the stream. */
    @FunctionalInterface
    public interface Call {
        /**
         * Makes call number {@code index} (0, 1, 2, ... across all threads, in the order they start).
         *
         * @throws Exception a failure, counted in {@link #failures()}
         */
        void call(long index) throws Exception;
    }

    private final String name;
    private final AtomicLong ok = new AtomicLong();
    private final AtomicLong next = new AtomicLong();
    private final Queue<Throwable> failures = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean run = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    private CallStream(Builder b, Call call) {
        this.name = b.name;
        long deadline = System.nanoTime() + b.maxTime.toNanos();
        for (int t = 0; t < b.threads; t++) {
            Thread th = new Thread(
                    () -> {
                        while (run.get() && System.nanoTime() - deadline < 0) {
                            long i = next.getAndIncrement();
                            if (i >= b.maxCalls) {
                                return;
                            }
                            try {
                                call.call(i);
                                ok.incrementAndGet();
                            } catch (Throwable e) {
                                failures.add(e);
                                if (b.stopOnFailure) {
                                    run.set(false);
                                }
                            }
                        }
                    },
                    name + "-" + t);
            th.setDaemon(true);
            threads.add(th);
        }
        threads.forEach(Thread::start);
    }

    /** A stream named {@code name} (its threads are {@code name-0}, {@code name-1}, ...), one thread by default. */
    public static Builder builder(String name) {
        return new Builder(name);
    }

    /** Calls that returned normally so far. */
    public long ok() {
        return ok.get();
    }

    /** Every call that failed so far, in the order they failed (a live view). */
    public Queue<Throwable> failures() {
        return failures;
    }

    /** The first call that failed, or {@code null} when none did. */
    public Throwable firstFailure() {
        return failures.peek();
    }

    /** Whether every thread has stopped calling (closed, a bound reached, or stopped by a failure). */
    public boolean isDone() {
        return threads.stream().noneMatch(Thread::isAlive);
    }

    /** Waits up to {@code atMost} until at least {@code calls} calls succeeded or the stream is done. */
    public void awaitOk(long calls, Duration atMost) {
        await(name + ": " + calls + " calls ok").atMost(atMost).until(() -> ok.get() >= calls || isDone());
    }

    /**
     * The fault template: waits as {@link #awaitOk} does until the stream is under way, then runs {@code fault} (say
     * {@code () -> cluster.kill9(victim)}) while the calls go on.
     *
     * @return {@link System#nanoTime()} just before the fault, to time the recovery from
     */
    public long faultAfter(long calls, Duration atMost, Runnable fault) {
        awaitOk(calls, atMost);
        long at = System.nanoTime();
        fault.run();
        return at;
    }

    /**
     * Waits up to {@code atMost} until the stream ends by itself (its bounds, or a failure under
     * {@link Builder#stopOnFailure()}), then rethrows the first failure, if any, with the others suppressed.
     *
     * @throws AssertionError when the stream is still running after {@code atMost}
     * @throws Exception the first failure of a call, as the call threw it
     */
    public void join(Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        if (!isDone()) {
            throw new AssertionError(name + ": still calling after " + atMost + " [ok=" + ok.get() + ", failed="
                    + failures.size() + "]");
        }
        Throwable first = failures.peek();
        if (first == null) {
            return;
        }
        failures.stream().skip(1).forEach(first::addSuppressed);
        if (first instanceof Exception e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
        throw new AssertionError(first);
    }

    /** Stops the stream and waits (60 s in all at most) for the calls in flight; failures stay readable. */
    @Override
    public void close() throws InterruptedException {
        run.set(false);
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    /** Settings of a {@link CallStream}. */
    public static final class Builder {
        private final String name;
        private int threads = 1;
        private long maxCalls = 10_000_000;
        private Duration maxTime = Duration.ofMinutes(5);
        private boolean stopOnFailure;

        private Builder(String name) {
            this.name = name;
        }

        /** Threads calling at once (default 1). */
        public Builder threads(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("threads must be >= 1 [threads=" + n + "]");
            }
            this.threads = n;
            return this;
        }

        /** Calls started at most, over all threads (default 10,000,000). */
        public Builder maxCalls(long n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxCalls must be >= 1 [maxCalls=" + n + "]");
            }
            this.maxCalls = n;
            return this;
        }

        /** How long the threads keep starting calls at most (default 5 minutes). */
        public Builder maxTime(Duration d) {
            this.maxTime = d;
            return this;
        }

        /** Stop every thread at the first failure instead of calling on (default: call on). */
        public Builder stopOnFailure() {
            this.stopOnFailure = true;
            return this;
        }

        /** Starts the threads, each making {@code call} until a bound is reached or the stream is closed. */
        public CallStream start(Call call) {
            return new CallStream(this, call);
        }
    }
}
