package dev.anvil.grpo.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
    void datasetHasThreeSplitsAndTheOldHeldOutKeysStillWork(@TempDir Path dir) throws Exception {
        DatasetConfig ds = ConfigLoader.load("classpath:config/grpo.yaml", List.of(), GrpoConfig.class)
                .dataset();
        assertThat(ds.train()).isEqualTo("classpath:data/arith_train.jsonl");
        assertThat(ds.validation()).isEqualTo("classpath:data/arith_validation.jsonl");
        assertThat(ds.test()).isEqualTo("classpath:data/arith_test.jsonl");
        assertThat(ds.hasTest()).isTrue();
        assertThat(ds.validationLimit()).isZero();
        // held_out / held_out_limit, from configs and command lines written before the split, mean validation.
        DatasetConfig old = ConfigLoader.load(
                        "classpath:config/grpo.yaml",
                        List.of("dataset.held_out=old.jsonl", "dataset.held_out_limit=50"),
                        GrpoConfig.class)
                .dataset();
        assertThat(old.validation()).isEqualTo("old.jsonl");
        assertThat(old.validationLimit()).isEqualTo(50);
        // An old config file: held_out keys, no test split.
        Path oldFile = dir.resolve("old.yaml");
        String bundled;
        try (var in = ConfigLoader.open("classpath:config/grpo.yaml")) {
            bundled = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        Files.writeString(
                oldFile,
                bundled.replace("  validation: ", "  held_out: ")
                        .replace("  validation_limit: 0", "  held_out_limit: 7")
                        .replaceAll("(?m)^  test: .*$", ""));
        DatasetConfig oldFileDs = ConfigLoader.load(oldFile.toString(), List.of(), GrpoConfig.class)
                .dataset();
        assertThat(oldFileDs.validation()).isEqualTo("classpath:data/arith_validation.jsonl");
        assertThat(oldFileDs.validationLimit()).isEqualTo(7);
        assertThat(oldFileDs.hasTest()).isFalse();
        DatasetConfig noTest = ConfigLoader.load(
                        "classpath:config/grpo.yaml", List.of("dataset.test="), GrpoConfig.class)
                .dataset();
        assertThat(noTest.hasTest()).isFalse();
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
