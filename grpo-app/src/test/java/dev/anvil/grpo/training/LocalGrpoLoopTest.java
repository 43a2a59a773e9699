package dev.anvil.grpo.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.grpo.config.ConfigLoader;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.LanguageModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short real run: a fresh tiny model, no warm start, learns the answer format from the format reward
 * alone, so the rollout reward must rise within a few dozen steps.
 */
class LocalGrpoLoopTest {

    @Test
    void shortRunRaisesRewardAndWritesOutputs(@TempDir Path dir) throws Exception {
        GrpoConfig cfg = ConfigLoader.load("classpath:config/grpo.yaml", List.of(
                "model.d_model=32", "model.mlp_hidden=64", "model.num_layers=1",
                "steps=40", "eval_every=40", "group_size=8", "batch_size=64",
                "dataset.held_out_limit=50", "trainer.optimizer.lr=1e-2", "trainer.beta=0.0",
                "base_checkpoint=" + dir.resolve("base"), "out_dir=" + dir.resolve("run")), GrpoConfig.class);
        try (LanguageModel base = LanguageModel.create(cfg.model(), 1)) {
            Checkpoint.save(base, dir.resolve("base"));
        }
        LocalGrpoLoop.Result r = new LocalGrpoLoop(cfg, System.out).run();
        assertThat(r.history()).hasSize(41);
        assertThat(r.lateReward()).as("reward: early %.3f, late %.3f", r.earlyReward(), r.lateReward())
                .isGreaterThan(r.earlyReward() + 0.1);
        assertThat(dir.resolve("run/metrics.jsonl")).exists();
        assertThat(Files.readAllLines(dir.resolve("run/metrics.jsonl"))).hasSize(41);
        assertThat(dir.resolve("run/reward.png")).exists();
        assertThat(dir.resolve("run/checkpoint/model.safetensors")).exists();
    }
}
