package dev.anvil.grpo.cluster;

import dev.anvil.grpo.actors.PolicyActor;
import dev.anvil.grpo.actors.TrainerActor;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.training.Episode;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ReplayBuffer;
import dev.anvil.sdk.ReplayBufferConfig;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.WeightStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The running pieces of one GRPO run on a cluster: the weight stores seeded with the base weights, the replay
 * buffer, the services and trainer, the weight sync and the rollout loops. Closing it tears all of them down, so a
 * run holds it in try-with-resources and leaves nothing behind on a long-lived cluster.
 *
 * <p>Every name is prefixed with a per-run {@code grpo-xxxxxxxx}, so runs sharing a cluster never meet each other's
 * state.
 */
final class ClusterRun implements AutoCloseable {

    private final long startNanos;
    private final Anvil anvil;
    private final GrpoConfig cfg;
    private final ClusterSettings cluster;
    private final ModelConfig shape;
    private final WeightStore weights;
    private final ReplayBufferConfig bufferCfg;
    private final ReplayBuffer<Episode> buffer;
    private final GrpoServices services;
    private final WeightSync sync;
    private final RolloutPool rollouts = new RolloutPool();
    private long drawn;

    private ClusterRun(
            long startNanos,
            Anvil anvil,
            GrpoConfig cfg,
            ClusterSettings cluster,
            ModelConfig shape,
            WeightStore weights,
            ReplayBufferConfig bufferCfg,
            ReplayBuffer<Episode> buffer,
            GrpoServices services) {
        this.startNanos = startNanos;
        this.anvil = anvil;
        this.cfg = cfg;
        this.cluster = cluster;
        this.shape = shape;
        this.weights = weights;
        this.bufferCfg = bufferCfg;
        this.buffer = buffer;
        this.services = services;
        this.sync = new WeightSync(services.trainer(), services.policy(), cluster.asyncWeightSync());
    }

    /**
     * Seeds the weight stores with the base checkpoint, creates the replay buffer and brings up the services; the
     * rollout loops start later ({@link #startRollouts()}), once the base weights are evaluated.
     *
     * @param anvil the cluster
     * @param cfg the GRPO configuration
     * @param cluster how to use the cluster
     * @return the run, services up
     * @throws IOException if the base checkpoint cannot be read
     */
    static ClusterRun open(Anvil anvil, GrpoConfig cfg, ClusterSettings cluster) throws IOException {
        long startNanos = System.nanoTime();
        Path base = Path.of(cfg.grpoBase());
        ModelConfig shape = CheckpointLoader.readConfig(base);
        String run = "grpo-" + UUID.randomUUID().toString().substring(0, 8);
        WeightStore weights = anvil.weightStore(run + "-policy");
        // The reference gets a store of its own: the policy store's retention drops version 0 after two steps, and a
        // restarted reference replica must load the base weights again.
        WeightStore referenceWeights = anvil.weightStore(run + "-reference");
        try (LanguageModel m = CheckpointLoader.load(base)) {
            Map<String, byte[]> baseWeights = m.exportWeights();
            weights.push(0, baseWeights);
            referenceWeights.push(0, baseWeights);
        }
        ReplayBufferConfig bufferCfg = ReplayBufferConfig.builder()
                .batchSize(cfg.batchSize())
                .dpSize(1)
                .maxPolicyAge(cluster.maxPolicyAge())
                .maxResampleCount(0)
                .maxBufferSize(cluster.maxBufferSize())
                .seed(cfg.seed())
                .build();
        ReplayBuffer<Episode> buffer = anvil.replayBuffer(run + "-episodes", Episode.class, bufferCfg);
        GrpoServices services;
        try {
            services = GrpoServices.start(anvil, run, cfg, cluster, shape, weights.name(), referenceWeights.name());
        } catch (RuntimeException e) {
            buffer.close();
            throw e;
        }
        return new ClusterRun(startNanos, anvil, cfg, cluster, shape, weights, bufferCfg, buffer, services);
    }

    /** Starts the rollout loops, each writing through a buffer handle of its own. */
    void startRollouts() {
        rollouts.start(
                cluster.rolloutThreads(),
                services.rollout(),
                () -> anvil.replayBuffer(buffer.name(), Episode.class, bufferCfg),
                cfg.sampling(),
                cluster.promptsPerRollout(),
                (long) cluster.maxBufferedBatches() * cfg.batchSize());
    }

    /**
     * Waits for a full batch fresh enough for {@code version}, failing if every rollout loop has died.
     *
     * @param version the trainer's version
     * @return the batch
     */
    List<Episode> nextBatch(long version) {
        while (true) {
            List<List<Episode>> sampled = buffer.sample(version);
            if (sampled != null) {
                drawn += sampled.get(0).size();
                return sampled.get(0);
            }
            if (!rollouts.anyAlive()) {
                throw new IllegalStateException(
                        "every rollout loop stopped before the batch filled [version=" + version + "]");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
    }

    /**
     * Writes the newest published weights as a checkpoint; call after {@link WeightSync#await()}.
     *
     * @param dir the checkpoint directory
     * @throws IOException if it cannot be written
     */
    void saveCheckpoint(Path dir) throws IOException {
        try (LanguageModel finalModel = LanguageModel.create(shape, 0)) {
            finalModel.importWeights(weights.pull(sync.version()));
            Checkpoint.save(finalModel, dir);
        }
    }

    /** @return the cluster's address, for the log */
    String address() {
        return anvil.address();
    }

    /** @return the services and trainer */
    GrpoServices services() {
        return services;
    }

    /** @return the trainer actor */
    ActorHandle<TrainerActor> trainer() {
        return services.trainer();
    }

    /** @return the policy service */
    ServiceHandle<PolicyActor> policy() {
        return services.policy();
    }

    /** @return the weight sync, which also knows the trainer's version */
    WeightSync sync() {
        return sync;
    }

    /** @return the rollout loops */
    RolloutPool rollouts() {
        return rollouts;
    }

    /** @return episodes the trainer drew from the buffer so far */
    long episodesDrawn() {
        return drawn;
    }

    /** @return episodes now in the buffer */
    long bufferSize() {
        return buffer.size();
    }

    /** @return nanoseconds since {@link #open} began */
    long elapsedNanos() {
        return System.nanoTime() - startNanos;
    }

    /** Stops the rollouts and the sync thread, shuts the services down and closes the buffer and its handles. */
    @Override
    public void close() {
        rollouts.interrupt();
        sync.close();
        services.shutdown();
        buffer.close();
        rollouts.close();
    }
}
