package dev.anvil.grpo.model;

import dev.anvil.grpo.config.ModelConfig;

/** Small shapes for fast tests. */
public final class TestModels {

    private TestModels() {}

    /** @return a two-layer model shape over the bundled 32-token vocabulary */
    public static ModelConfig tiny() {
        return new ModelConfig(32, 32, 2, 4, 64, 32);
    }
}
