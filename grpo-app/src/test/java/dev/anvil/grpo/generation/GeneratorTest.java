package dev.anvil.grpo.generation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.SequenceLayout;
import dev.anvil.grpo.model.TestModels;
import dev.anvil.grpo.model.TokenLogProbs;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorTest {

    @Test
    void generationLogProbsEqualTrainerRecomputation() {
        try (TextTokenizer tok = TextTokenizer.bundled();
                LanguageModel model = LanguageModel.create(TestModels.tiny(), 3)) {
            Generator gen = new Generator(model, tok, 11);
            // Prompts of different lengths, so left padding and cached decoding are both exercised.
            List<List<Completion>> groups = gen.generateBatch(
                    List.of("What is 1 + 2?\n", "7-3\n", "What is 45 - 12?\n"), new SamplingConfig(4, 6, 1.0, 1.0));
            List<int[]> prompts = new ArrayList<>();
            List<int[]> responses = new ArrayList<>();
            List<Completion> flat = groups.stream().flatMap(List::stream).toList();
            for (Completion c : flat) {
                prompts.add(c.promptIds());
                responses.add(c.tokenIds());
            }
            int[] lengths = flat.stream().mapToInt(c -> c.tokenIds().length).toArray();
            // The trainer lays the batch out differently (one common prompt width, full sequence at once).
            float[][] recomputed =
                    TokenLogProbs.computeArrays(model, SequenceLayout.of(prompts, responses, tok.padId()), lengths);
            for (int i = 0; i < flat.size(); i++) {
                assertThat(flat.get(i).logprobs()).hasSize(lengths[i]);
                for (int t = 0; t < lengths[i]; t++) {
                    assertThat(recomputed[i][t])
                            .as("row %d token %d", i, t)
                            .isCloseTo(flat.get(i).logprobs()[t], within(1e-4f));
                }
            }
            assertThat(groups).hasSize(3).allSatisfy(g -> assertThat(g).hasSize(4));
        }
    }

    @Test
    void greedyIsDeterministicAndStampsVersion() {
        try (TextTokenizer tok = TextTokenizer.bundled();
                LanguageModel model = LanguageModel.create(TestModels.tiny(), 5)) {
            Generator a = new Generator(model, tok, 1);
            Generator b = new Generator(model, tok, 2);
            b.setVersion(7);
            Completion ca =
                    a.generate("What is 3 + 4?\n", SamplingConfig.greedy(5)).get(0);
            Completion cb =
                    b.generate("What is 3 + 4?\n", SamplingConfig.greedy(5)).get(0);
            assertThat(ca.tokenIds()).containsExactly(cb.tokenIds());
            assertThat(cb.generatorVersion()).isEqualTo(7);
            assertThat(ca.stopReason()).isIn(Completion.STOP, Completion.LENGTH);
        }
    }

    @Test
    void topPOfTinyMassAlwaysPicksTheMostLikelyToken() {
        TokenSampler sampler = new TokenSampler(1);
        float[] logits = {0.1f, 2.0f, 0.5f, -1f};
        for (int i = 0; i < 50; i++) {
            assertThat(sampler.sample(logits, 1.0, 0.01)).isEqualTo(1);
        }
        assertThat(TokenSampler.argMax(logits)).isEqualTo(1);
    }
}
