package dev.anvil.grpo.actors;

import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.engine.DevicePlacement;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import dev.anvil.grpo.training.ReferenceModel;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.Endpoint;
import java.util.List;

/**
 * The frozen reference model as a service: per-token log-probs of responses, for the KL penalty. Loads one fixed
 * version of the weight store at setup (the base weights) and never changes them, so a restarted replica computes
 * exactly what the one it replaces did.
 */
public class ReferenceActor {

    private final ModelConfig shape;
    private final String storeName;
    private LanguageModel model;
    private ReferenceModel reference;
    private DevicePlacement placement;
    private final long version;

    /**
     * Creates the reference; {@code setup()} loads the weights.
     *
     * @param shape the model shape
     * @param storeName the weight store holding the base weights
     * @param version the version to load; keep it out of reach of the store's retention (the GRPO loop gives the
     *     reference a store of its own holding only the base weights)
     */
    public ReferenceActor(ModelConfig shape, String storeName, long version) {
        this.shape = shape;
        this.storeName = storeName;
        this.version = version;
    }

    /** Loads the reference version from the store. */
    public void setup() {
        try (Anvil cluster = Anvil.connect();
                TextTokenizer tok = TextTokenizer.forModel(shape)) {
            placement = ReplicaDevice.choose();
            model = StoreWeights.load(shape, cluster.weightStore(storeName), version, placement.device());
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
            throw new IllegalArgumentException(
                    "one response per prompt [prompts=" + prompts.size() + ", responses=" + responses.size() + "]");
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

    /**
     * Where this replica's model lives.
     *
     * @return the device it chose and why
     */
    @Endpoint
    public DevicePlacement device() {
        return placement;
    }

    /** Frees the model. */
    public void cleanup() {
        if (model != null) {
            model.close();
        }
    }
}
