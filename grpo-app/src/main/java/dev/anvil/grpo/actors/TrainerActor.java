package dev.anvil.grpo.actors;

import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.config.TrainerConfig;
import dev.anvil.grpo.engine.DevicePlacement;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import dev.anvil.grpo.training.Episode;
import dev.anvil.grpo.training.GrpoTrainer;
import dev.anvil.grpo.training.ReferenceModel;
import dev.anvil.grpo.training.TrainStepResult;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.AnvilException;
import dev.anvil.sdk.Endpoint;
import dev.anvil.sdk.WeightStore;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The GRPO trainer as an actor (TorchForge's {@code RLTrainer}): {@code trainStep} on episodes, {@code pushWeights}
 * to the weight store.
 *
 * <p>Every touch of the model runs on one thread of its own: DJL's gradient collector is process-wide and
 * libtorch's grad mode is per thread, so steps arriving on different pool threads must not interleave. Only one
 * trainer may train per JVM.
 */
public class TrainerActor {

    private final ModelConfig shape;
    private final TrainerConfig trainerConfig;
    private final String storeName;
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "grpo-trainer");
        t.setDaemon(true);
        return t;
    });
    private Anvil cluster;
    private WeightStore store;
    private LanguageModel model;
    private GrpoTrainer trainer;
    private long baseVersion;
    private DevicePlacement placement;
    private int padId;
    /** The newest version this trainer pushed; -1 before the first. */
    private long lastPushed = -1;

    /**
     * Creates the trainer; {@code setup()} loads the store's newest weights.
     *
     * @param shape the model shape
     * @param trainerConfig loss and optimizer settings
     * @param storeName the weight store to read the base weights from and push to
     */
    public TrainerActor(ModelConfig shape, TrainerConfig trainerConfig, String storeName) {
        this.shape = shape;
        this.trainerConfig = trainerConfig;
        this.storeName = storeName;
    }

    /** Loads the weights and builds the optimizer, on the trainer thread. */
    public void setup() {
        cluster = Anvil.connect();
        store = cluster.weightStore(storeName);
        placement = ReplicaDevice.choose(); // here: the replica context is bound to this thread, not the trainer's
        onTrainerThread(() -> {
            StoreWeights.Loaded loaded = StoreWeights.loadLatest(shape, store, placement.device());
            model = loaded.model();
            baseVersion = loaded.version();
            try (TextTokenizer tok = TextTokenizer.forModel(shape)) {
                padId = tok.padId();
                trainer = new GrpoTrainer(model, trainerConfig.optimizer(), trainerConfig.beta(), padId);
            }
            return null;
        });
    }

    /**
     * Takes one optimizer step.
     *
     * @param batch the episodes (at least one)
     * @return loss and diagnostics
     */
    @Endpoint
    public TrainStepResult trainStep(List<Episode> batch) {
        if (batch == null || batch.isEmpty()) {
            throw new IllegalArgumentException("trainStep needs at least one episode [episodes=0]");
        }
        return onTrainerThread(() -> trainer.trainStep(batch));
    }

    /**
     * Recomputes log-probs of responses under the trainer's current weights, as its loss sees them; for checking that
     * a policy replica holding the same version generates with the same distribution.
     *
     * @param prompts prompt token ids
     * @param responses response token ids, one non-empty row per prompt
     * @return per row, one log-prob per response token
     */
    @Endpoint
    public float[][] logprobs(List<int[]> prompts, List<int[]> responses) {
        return onTrainerThread(() -> new ReferenceModel(model, padId).logprobs(prompts, responses));
    }

    /**
     * Returns the version of the trainer's weights: the base version plus the steps taken.
     *
     * @return the version
     */
    @Endpoint
    public long version() {
        return onTrainerThread(() -> baseVersion + trainer.version());
    }

    /**
     * Pushes the current weights to the store as {@code version}.
     *
     * @param version the version to publish (must be new to the store)
     * @return milliseconds spent exporting and pushing
     */
    @Endpoint
    public long pushWeights(long version) {
        long start = System.nanoTime();
        if (version <= lastPushed) {
            // The same call again: a caller retries when its first answer was lost (the replica's node seemed gone
            // while the cluster changed), and a version already in the store may not be pushed twice.
            return 0;
        }
        Map<String, byte[]> weights = onTrainerThread(() -> trainer.exportWeights());
        store.push(version, weights);
        lastPushed = version;
        return (System.nanoTime() - start) / 1_000_000;
    }

    /**
     * Where the trainer's model lives.
     *
     * @return the device it chose and why
     */
    @Endpoint
    public DevicePlacement device() {
        return placement;
    }

    /**
     * Healthy once the model is loaded.
     *
     * @return whether it can train
     */
    public boolean checkHealth() {
        return trainer != null;
    }

    /** Frees the model and stops the trainer thread. */
    public void cleanup() {
        try {
            onTrainerThread(() -> {
                if (model != null) {
                    model.close();
                }
                return null;
            });
        } finally {
            thread.shutdown();
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    private <T> T onTrainerThread(Callable<T> work) {
        try {
            return thread.submit(work).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnvilException("interrupted while waiting for the trainer thread", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new AnvilException("trainer step failed [cause=" + e.getCause() + "]", e.getCause());
        }
    }
}
