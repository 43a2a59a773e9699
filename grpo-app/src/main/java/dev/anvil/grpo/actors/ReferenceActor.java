package dev.anvil.grpo.actors;

import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import dev.anvil.grpo.training.ReferenceModel;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.Endpoint;
import java.util.List;

/**
 * The frozen reference model as a service: per-token log-probs of responses, for the KL penalty. Loads the
 * store's newest version at setup (the base weights, when started before training) and never changes them.
 */
public class ReferenceActor {

    private final ModelConfig shape;
    private final String storeName;
    private LanguageModel model;
    private ReferenceModel reference;
    private long version;

    /**
     * Creates the reference; {@code setup()} loads the weights.
     *
     * @param shape the model shape
     * @param storeName the weight store holding the base weights
     */
    public ReferenceActor(ModelConfig shape, String storeName) {
        this.shape = shape;
        this.storeName = storeName;
    }

    /** Loads the store's newest weights. */
    public void setup() {
        try (Anvil cluster = Anvil.connect(); TextTokenizer tok = TextTokenizer.bundled()) {
            StoreWeights.Loaded loaded = StoreWeights.loadLatest(shape, cluster.weightStore(storeName));
            model = loaded.model();
            version = loaded.version();
            reference = new ReferenceModel(model, tok.padId());
        }
    }

    /**
     * Computes reference log-probs of each response given its prompt.
     *
     * @param prompts prompt token ids
     * @param responses response token ids, one non-empty row per prompt
     * @return per row, one log-prob per response token
     */
    @Endpoint
    public float[][] logprobs(List<int[]> prompts, List<int[]> responses) {
        if (prompts.size() != responses.size()) {
            throw new IllegalArgumentException("one response per prompt [prompts=" + prompts.size() + ", responses="
                    + responses.size() + "]");
        }
        return reference.logprobs(prompts, responses);
    }

    /**
     * Returns the weight version the reference holds.
     *
     * @return the version
     */
    @Endpoint
    public long getVersion() {
        return version;
    }

    /** Frees the model. */
    public void cleanup() {
        if (model != null) {
            model.close();
        }
    }
}
