package dev.anvil.grpo.cluster;

import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.TrainerActor;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.FanoutException;
import dev.anvil.sdk.RemoteEndpointException;
import dev.anvil.sdk.ServiceHandle;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Moves each new trainer version to the policy replicas: the trainer pushes its weights to the weight store, then
 * {@code updateWeights} is fanned out to every replica. With {@code overlap} (the run's {@code async_weight_sync})
 * the sync of version {@code v+1} runs on its own thread during the next step's sampling and training; only a sync
 * still running when the next one is due holds the trainer up. Without it, each publish waits for its sync.
 */
final class WeightSync implements AutoCloseable {

    private final ActorHandle<TrainerActor> trainer;
    private final ServiceHandle<PolicyActor> policy;
    private final boolean overlap;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "grpo-weight-sync");
        t.setDaemon(true);
        return t;
    });
    private CompletableFuture<Long> pending = CompletableFuture.completedFuture(0L);
    private long lastMillis;
    private long version;

    /**
     * Creates the sync at version 0 (the base weights, already in the store).
     *
     * @param trainer the trainer whose weights are pushed
     * @param policy the service whose replicas load them
     * @param overlap whether a sync may run on while the next step trains
     */
    WeightSync(ActorHandle<TrainerActor> trainer, ServiceHandle<PolicyActor> policy, boolean overlap) {
        this.trainer = trainer;
        this.policy = policy;
        this.overlap = overlap;
    }

    /** @return the newest version handed to the sync, i.e. the trainer's version */
    long version() {
        return version;
    }

    /** @return the duration of the most recently completed push plus fanout, in milliseconds */
    long lastMillis() {
        return lastMillis;
    }

    /** Starts the sync of the trainer's next version; returns once it is done, or at once when overlapping. */
    void publishNext() {
        // The previous version must be on every replica before the next push (the store keeps 2 versions).
        if (overlap) {
            lastMillis = pending.join();
        }
        pending = start(version + 1);
        if (!overlap) {
            lastMillis = pending.join();
        }
        version++;
    }

    /** Waits until the newest version is on every replica (before an evaluation, and at the end of a run). */
    void await() {
        pending.join();
    }

    /** Pushes the trainer's weights as {@code v} and has every policy replica load them; completes with the millis. */
    private CompletableFuture<Long> start(long v) {
        return CompletableFuture.supplyAsync(
                () -> {
                    long begin = System.nanoTime();
                    trainer.endpoint(TrainerActor::pushWeights, v).callOne().join();
                    try {
                        policy.endpoint(PolicyActor::updateWeights, v).fanout().join();
                    } catch (CompletionException e) {
                        tolerateLostReplicas(e, v);
                    }
                    return StepClock.ms(System.nanoTime() - begin);
                },
                thread);
    }

    /**
     * A replica that could not be reached during the fanout has died: the head restarts it and its {@code setup()}
     * loads the newest committed weights, so the sync is complete for it. An endpoint that answered with an error is
     * a real failure and ends the run.
     */
    private static void tolerateLostReplicas(CompletionException e, long version) {
        if (!(e.getCause() instanceof FanoutException fe)
                || fe.failures().values().stream().anyMatch(t -> t instanceof RemoteEndpointException)) {
            throw e;
        }
        System.err.printf(
                "weight sync v%d: replicas %s unreachable (restarting; they load the newest weights)%n",
                version, fe.failures().keySet());
    }

    /** Stops the sync thread; a sync in flight runs to its end. */
    @Override
    public void close() {
        thread.shutdown();
    }
}
