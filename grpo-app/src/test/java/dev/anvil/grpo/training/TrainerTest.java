package dev.anvil.grpo.training;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.grpo.config.OptimizerConfig;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.TestModels;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainerTest {

    @Test
    void grpoStepRaisesLogProbOfPositiveAdvantageResponsesAndChangesExportedWeights() {
        try (TextTokenizer tok = TextTokenizer.bundled();
                LanguageModel policy = LanguageModel.create(TestModels.tiny(), 1);
                LanguageModel ref = LanguageModel.create(TestModels.tiny(), 1)) {
            int[] prompt = tok.encodePrompt("What is 1 + 2 + 3?\n");
            int[] good = append(tok.encode("<answer>6</answer>"), tok.eosId());
            int[] bad = append(tok.encode("<answer>7</answer>"), tok.eosId());
            ReferenceModel reference = new ReferenceModel(ref, tok.padId());
            float[][] before = reference.logprobs(List.of(prompt, prompt), List.of(good, bad));
            GrpoTrainer trainer = new GrpoTrainer(policy, new OptimizerConfig(1e-2f, 0f, 1f), 0.0f, tok.padId());
            Map<String, byte[]> w0 = trainer.exportWeights();
            List<Episode> batch = new ArrayList<>();
            batch.add(new Episode(prompt, good, before[0], before[0], 1.0, 1.0, 0, "", "6"));
            batch.add(new Episode(prompt, bad, before[1], before[1], 0.0, -1.0, 0, "", "6"));
            TrainStepResult r = null;
            for (int i = 0; i < 5; i++) {
                r = trainer.trainStep(batch);
            }
            assertThat(trainer.version()).isEqualTo(5);
            assertThat(r.tokens()).isEqualTo(good.length + bad.length);
            assertThat(r.gradNorm()).isPositive();
            float[][] after =
                    new ReferenceModel(policy, tok.padId()).logprobs(List.of(prompt, prompt), List.of(good, bad));
            // The differing token ("6" vs "7") is at index 1.
            assertThat(after[0][1]).isGreaterThan(before[0][1]);
            assertThat(after[1][1]).isLessThan(before[1][1]);
            assertThat(Arrays.equals(trainer.exportWeights().get("lm_head.weight"), w0.get("lm_head.weight")))
                    .isFalse();
        }
    }

    @Test
    void replayListEvictsStaleEpisodesAndBatchesInOrder() {
        ReplayList replay = new ReplayList(2, 1);
        for (int v = 0; v < 3; v++) {
            replay.add(new Episode(new int[0], new int[0], new float[0], new float[0], v, 0, v, "", ""));
        }
        // At version 2, the version-0 episode is too old (age 2 > 1).
        List<Episode> batch = replay.sample(2);
        assertThat(batch).extracting(Episode::policyVersion).containsExactly(1L, 2L);
        assertThat(replay.sample(2)).isNull();
    }

    private static int[] append(int[] ids, int id) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = id;
        return out;
    }
}
