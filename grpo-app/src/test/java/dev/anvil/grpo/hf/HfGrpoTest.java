package dev.anvil.grpo.hf;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.grpo.cluster.ClusterGrpoLoop;
import dev.anvil.grpo.cluster.ClusterSettings;
import dev.anvil.grpo.config.ConfigLoader;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.eval.EvalCommand;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.training.WarmStart;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * GRPO from a Hugging Face checkpoint ({@code model.hf_path}): the warm start fine-tunes the Qwen2 fixture and writes
 * a Hugging Face folder; GRPO on the embedded cluster (policy, reference and trainer services all building the
 * {@link HfDecoder} from the store's weights) starts from that folder; the final checkpoint is a Hugging Face folder
 * whose weights moved.
 */
class HfGrpoTest {

    @Test
    void grpoStartsFromAHuggingFaceCheckpointAndChangesItsWeights(@TempDir Path dir) throws Exception {
        Path sft = dir.resolve("sft");
        GrpoConfig cfg = ConfigLoader.load(
                "classpath:config/grpo.yaml",
                List.of(
                        "model.hf_path=" + HfFixtures.dir("qwen2-gqa-untied"),
                        "model.max_seq_len=48",
                        "max_req_tokens=28",
                        "max_res_tokens=16",
                        "steps=3",
                        "eval_every=3",
                        "group_size=8",
                        "batch_size=32",
                        "dataset.held_out_limit=8",
                        "trainer.optimizer.lr=3e-3",
                        "warm_start.steps=40",
                        "warm_start.batch_size=32",
                        "warm_start.optimizer.lr=3e-3",
                        "warm_start.pass_at_k=false",
                        "warm_start.out=" + sft,
                        "out_dir=" + dir.resolve("run")),
                GrpoConfig.class);
        WarmStart.Result ws = new WarmStart(cfg, System.out).run();
        assertThat(HfConfig.isHfCheckpoint(ws.checkpoint())).isTrue();
        GrpoConfig grpo = cfg.withHfPath(sft.toString());
        ClusterSettings cluster = ConfigLoader.load(ClusterSettings.BUNDLED, List.of(), ClusterSettings.class);

        ClusterGrpoLoop.Result r = new ClusterGrpoLoop(grpo, cluster, System.out).run();

        assertThat(r.history()).hasSize(4);
        Path out = dir.resolve("run/checkpoint");
        assertThat(HfConfig.isHfCheckpoint(out))
                .as("final checkpoint is a Hugging Face folder")
                .isTrue();
        assertThat(out.resolve("tokenizer.json")).exists();
        try (LanguageModel base = CheckpointLoader.load(sft);
                LanguageModel trained = CheckpointLoader.load(out)) {
            Map<String, byte[]> before = base.exportWeights();
            Map<String, byte[]> after = trained.exportWeights();
            assertThat(after.keySet()).containsExactlyElementsOf(before.keySet());
            long changed = before.keySet().stream()
                    .filter(k -> !java.util.Arrays.equals(before.get(k), after.get(k)))
                    .count();
            assertThat(changed).as("tensors GRPO changed").isGreaterThan(before.size() / 2);
        }
        // bin/grpo eval reads the Hugging Face folder with its own tokenizer.
        EvalCommand.Report eval = EvalCommand.evaluate(out, "classpath:data/arith_validation.jsonl", 16, 0, 1.0);
        assertThat(eval.greedy().total()).isPositive();
        assertThat(eval.greedy().formatRate())
                .as("the warm-started format survives GRPO")
                .isPositive();
    }
}
