package dev.anvil.grpo.actors;

import ai.djl.Device;
import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.sdk.WeightStore;
import dev.anvil.sdk.WeightVersionException;

/** Builds actor models from a weight store version, so replicas need no checkpoint files on their worker. */
final class StoreWeights {

    private StoreWeights() {}

    /**
     * Creates a model of the given shape holding the store's newest version.
     *
     * @param shape the model shape
     * @param store the weight store
     * @param device where the model lives
     * @return the model (caller closes it) and the version it holds
     */
    static Loaded loadLatest(ModelConfig shape, WeightStore store, Device device) {
        long version = store.latestVersion();
        if (version < 0) {
            throw new WeightVersionException(
                    "no weights in the store yet (push the base checkpoint first)", store.name(), version);
        }
        return new Loaded(load(shape, store, version, device), version);
    }

    /**
     * Creates a model of the given shape holding one version of the store.
     *
     * @param shape the model shape
     * @param store the weight store
     * @param version the version
     * @param device where the model lives
     * @return the model (caller closes it)
     */
    static LanguageModel load(ModelConfig shape, WeightStore store, long version, Device device) {
        LanguageModel model = LanguageModel.create(shape, 0, device);
        try {
            model.importWeights(store.pull(version));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /** A model and the weight version it holds. */
    record Loaded(LanguageModel model, long version) {}
}
