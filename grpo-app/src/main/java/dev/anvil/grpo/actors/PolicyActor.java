package dev.anvil.grpo.actors;

import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Gsm8kRecord;
import dev.anvil.grpo.engine.DevicePlacement;
import dev.anvil.grpo.eval.EvalResult;
import dev.anvil.grpo.eval.Evaluator;
import dev.anvil.grpo.generation.Completion;
import dev.anvil.grpo.generation.Generator;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.Endpoint;
import dev.anvil.sdk.ReplicaContext;
import dev.anvil.sdk.WeightStore;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The policy (generator) service, TorchForge's {@code Policy}: samples completions and takes new weights from
 * the weight store.
 *
 * <p>{@link Generator} is not thread-safe and must not see weights change mid-call, so generation, evaluation
 * and the in-place weight import share one lock; the pull from the store (the slow, remote part of an update)
 * happens outside it, so in-flight generations finish on the old weights and the next one starts on the new.
 *
 * <pre>{@code
 * ServiceHandle<PolicyActor> policy = anvil.options(PolicyActor.class).numReplicas(2)
 *         .asService(modelConfig, "policy", 42L);
 * List<Completion> group = policy.endpoint(PolicyActor::generate, prompt, sampling).route().join();
 * policy.endpoint(PolicyActor::updateWeights, 7L).fanout().join();
 * }</pre>
 */
public class PolicyActor {

    private final ModelConfig shape;
    private final String storeName;
    private final long seed;
    private final ReentrantLock lock = new ReentrantLock(true);
    private Anvil cluster;
    private WeightStore store;
    private TextTokenizer tokenizer;
    private LanguageModel model;
    private Generator generator;
    private Generator evalGenerator;
    private DevicePlacement placement;

    /**
     * Creates the policy; {@code setup()} loads the newest weights of the store.
     *
     * @param shape the model shape
     * @param storeName the weight store the trainer pushes to
     * @param seed the sampling seed (each replica adds its index)
     */
    public PolicyActor(ModelConfig shape, String storeName, long seed) {
        this.shape = shape;
        this.storeName = storeName;
        this.seed = seed;
    }

    /** Connects to the hosting cluster and loads the newest weights. */
    public void setup() {
        cluster = Anvil.connect();
        store = cluster.weightStore(storeName);
        tokenizer = TextTokenizer.forModel(shape);
        placement = ReplicaDevice.choose();
        StoreWeights.Loaded loaded = StoreWeights.loadLatest(shape, store, placement.device());
        model = loaded.model();
        // Replicas sample different streams: same seed everywhere would give duplicate groups.
        generator = new Generator(
                model, tokenizer, seed + 1000L * ReplicaContext.current().replica());
        generator.setVersion(loaded.version());
        evalGenerator = new Generator(model, tokenizer, seed);
        evalGenerator.setVersion(loaded.version());
    }

    /**
     * Samples {@code sampling.n()} completions of one prompt.
     *
     * @param prompt the prompt text
     * @param sampling the sampling settings
     * @return the completions, stamped with this replica's weight version
     */
    @Endpoint
    public List<Completion> generate(String prompt, SamplingConfig sampling) {
        lock.lock();
        try {
            return generator.generate(prompt, sampling);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Samples {@code sampling.n()} completions for each prompt, all in one decoding batch.
     *
     * @param prompts the prompt texts
     * @param sampling the sampling settings
     * @return per prompt, its completions
     */
    @Endpoint
    public List<List<Completion>> generateBatch(List<String> prompts, SamplingConfig sampling) {
        lock.lock();
        try {
            return generator.generateBatch(prompts, sampling);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Loads {@code version} from the weight store; an older or equal version is ignored.
     *
     * @param version the version the trainer pushed
     * @return the version this replica holds afterwards
     */
    @Endpoint
    public long updateWeights(long version) {
        if (version <= generator.version()) {
            return generator.version();
        }
        Map<String, byte[]> weights = store.pull(version);
        lock.lock();
        try {
            if (version > generator.version()) {
                model.importWeights(weights);
                generator.setVersion(version);
                evalGenerator.setVersion(version);
            }
            return generator.version();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns the weight version this replica generates with.
     *
     * @return the version
     */
    @Endpoint
    public long getVersion() {
        return generator.version();
    }

    /**
     * Greedy accuracy of the current weights on a GSM8K-format split.
     *
     * @param location JSONL file or {@code classpath:...}
     * @param limit evaluate at most this many problems (0 = all)
     * @param maxTokens response token budget
     * @return the accuracy
     * @throws IOException if the file cannot be read
     */
    @Endpoint
    public EvalResult evaluate(String location, int limit, int maxTokens) throws IOException {
        List<Gsm8kRecord> records = Gsm8kDataset.readLocation(location);
        if (limit > 0 && limit < records.size()) {
            records = records.subList(0, limit);
        }
        Evaluator evaluator = new Evaluator(records, maxTokens);
        lock.lock();
        try {
            return evaluator.evaluate(evalGenerator);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Where this replica's model lives.
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
     * @return whether it can generate
     */
    public boolean checkHealth() {
        return model != null;
    }

    /** Frees the model and the tokenizer. */
    public void cleanup() {
        lock.lock();
        try {
            if (model != null) {
                model.close();
            }
            if (tokenizer != null) {
                tokenizer.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            lock.unlock();
        }
    }
}
