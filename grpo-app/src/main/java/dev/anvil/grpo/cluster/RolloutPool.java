package dev.anvil.grpo.cluster;

import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.training.Episode;
import dev.anvil.sdk.ReplayBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The continuous rollout loops of one run: their threads, the replay-buffer handle each writes through, the flag
 * that stops them and the counters they add to. The training loop reads the counters once per step.
 */
final class RolloutPool implements AutoCloseable {

    private final RolloutStats stats = new RolloutStats();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<ReplayBuffer<Episode>> handles = new ArrayList<>();
    private RolloutStats.Snapshot lastStep = stats.snapshot();

    /**
     * Starts {@code count} rollout loops, each a daemon thread with a buffer handle of its own.
     *
     * @param count how many loops
     * @param svc the services a rollout calls
     * @param handle opens a handle on the run's replay buffer
     * @param sampling how the policy samples
     * @param prompts prompts per rollout round
     * @param highWater buffered episodes above which the loops pause (0: never)
     */
    void start(
            int count,
            RolloutLoop.Services svc,
            Supplier<ReplayBuffer<Episode>> handle,
            SamplingConfig sampling,
            int prompts,
            long highWater) {
        for (int i = 0; i < count; i++) {
            ReplayBuffer<Episode> own = handle.get();
            handles.add(own);
            Thread t = new Thread(
                    new RolloutLoop(svc, own, sampling, prompts, highWater, stats, stop), "grpo-rollout-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    /** @return whether any loop still runs (a batch can still fill) */
    boolean anyAlive() {
        return threads.stream().anyMatch(Thread::isAlive);
    }

    /** @return the counters accumulated since the previous call (since the start for the first) */
    RolloutStats.Snapshot sinceLastStep() {
        RolloutStats.Snapshot now = stats.snapshot();
        RolloutStats.Snapshot delta = now.minus(lastStep);
        lastStep = now;
        return delta;
    }

    /** @return episodes the loops stored since the start */
    long episodesAdded() {
        return stats.episodesAdded.get();
    }

    /**
     * Stops the loops and waits for each to end its round.
     *
     * @param seconds how long to wait for each
     * @throws InterruptedException if interrupted while waiting
     */
    void stopAndJoin(long seconds) throws InterruptedException {
        stop.set(true);
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(seconds));
        }
    }

    /** Stops the loops without waiting, interrupting any that is blocked. */
    void interrupt() {
        stop.set(true);
        for (Thread t : threads) {
            t.interrupt();
        }
    }

    /** Closes the loops' buffer handles; call after {@link #interrupt()}. */
    @Override
    public void close() {
        for (ReplayBuffer<Episode> b : handles) {
            try {
                b.close();
            } catch (RuntimeException e) {
                // already closing the run
            }
        }
    }
}
