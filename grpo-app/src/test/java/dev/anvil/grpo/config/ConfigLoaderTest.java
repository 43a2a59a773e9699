package dev.anvil.grpo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {

    @Test
    void loadsBundledYamlWithDottedOverrides() throws Exception {
        GrpoConfig cfg = ConfigLoader.load(
                "classpath:config/grpo.yaml",
                List.of("steps=3", "trainer.optimizer.lr=0.5", "policy.temperature=0.7", "out_dir=/tmp/x"),
                GrpoConfig.class);
        assertThat(cfg.steps()).isEqualTo(3);
        assertThat(cfg.trainer().optimizer().lr()).isEqualTo(0.5f);
        assertThat(cfg.sampling().temperature()).isEqualTo(0.7);
        assertThat(cfg.sampling().n()).isEqualTo(cfg.groupSize());
        assertThat(cfg.outDir()).isEqualTo("/tmp/x");
        assertThat(cfg.model().vocabSize()).isEqualTo(32);
    }

    @Test
    void warmStartKeysAreOptionalAndValidated() throws Exception {
        GrpoConfig cfg = ConfigLoader.load(
                "classpath:config/grpo.yaml",
                List.of("warm_start.tagged_rate=0.25", "warm_start.eval_every=50", "warm_start.pass_at_k=false"),
                GrpoConfig.class);
        assertThat(cfg.warmStart().taggedShare()).isEqualTo(0.25);
        assertThat(cfg.warmStart().curveEvery()).isEqualTo(50);
        assertThat(cfg.warmStart().reportPassAtK()).isFalse();
        // Configs written before these keys existed still load, with the old behaviour.
        WarmStartConfig old = new WarmStartConfig(10, 8, cfg.warmStart().optimizer(), "x");
        assertThat(old.taggedShare()).isEqualTo(1.0);
        assertThat(old.curveEvery()).isZero();
        assertThat(old.reportPassAtK()).isTrue();
        assertThatThrownBy(() -> ConfigLoader.load(
                        "classpath:config/grpo.yaml", List.of("warm_start.tagged_rate=1.5"), GrpoConfig.class))
                .hasRootCauseMessage("warm_start.tagged_rate must be in [0, 1] [tagged_rate=1.5]");
    }

    @Test
    void rejectsBadOverridesAndInconsistentSizes() {
        assertThatThrownBy(() -> ConfigLoader.load("classpath:config/grpo.yaml", List.of("steps"), GrpoConfig.class))
                .hasMessageContaining("key.path=value");
        assertThatThrownBy(() -> ConfigLoader.load(
                        "classpath:config/grpo.yaml", List.of("batch_size=12", "group_size=8"), GrpoConfig.class))
                .hasRootCauseMessage(
                        "batch_size must be a positive multiple of group_size >= 2 [group_size=8, batch_size=12]");
    }
}
