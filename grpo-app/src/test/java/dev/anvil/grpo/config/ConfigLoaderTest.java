package dev.anvil.grpo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void loadsBundledYamlWithDottedOverrides() throws Exception {
        GrpoConfig cfg = ConfigLoader.load("classpath:config/grpo.yaml",
                List.of("steps=3", "trainer.optimizer.lr=0.5", "policy.temperature=0.7", "out_dir=/tmp/x"), GrpoConfig.class);
        assertThat(cfg.steps()).isEqualTo(3);
        assertThat(cfg.trainer().optimizer().lr()).isEqualTo(0.5f);
        assertThat(cfg.sampling().temperature()).isEqualTo(0.7);
        assertThat(cfg.sampling().n()).isEqualTo(cfg.groupSize());
        assertThat(cfg.outDir()).isEqualTo("/tmp/x");
        assertThat(cfg.model().vocabSize()).isEqualTo(32);
    }

    @Test
    void rejectsBadOverridesAndInconsistentSizes() {
        assertThatThrownBy(() -> ConfigLoader.load("classpath:config/grpo.yaml", List.of("steps"), GrpoConfig.class))
                .hasMessageContaining("key.path=value");
        assertThatThrownBy(() -> ConfigLoader.load("classpath:config/grpo.yaml", List.of("batch_size=12", "group_size=8"),
                GrpoConfig.class)).hasRootCauseMessage(
                        "batch_size must be a positive multiple of group_size >= 2 [group_size=8, batch_size=12]");
    }
}
