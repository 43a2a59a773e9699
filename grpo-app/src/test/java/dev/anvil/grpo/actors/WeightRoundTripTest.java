package dev.anvil.grpo.actors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.anvil.grpo.config.ModelConfig;
import dev.anvil.grpo.config.OptimizerConfig;
import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.config.TrainerConfig;
import dev.anvil.grpo.generation.Completion;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.TestModels;
import dev.anvil.grpo.reward.Advantages;
import dev.anvil.grpo.training.Episode;
import dev.anvil.grpo.training.TrainStepResult;
import dev.anvil.sdk.ActorHandle;
import dev.anvil.sdk.Anvil;
import dev.anvil.sdk.ServiceHandle;
import dev.anvil.sdk.WeightStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Trainer → weight store → policy replicas: after a step and a push, every replica holds the trainer's version, and
 * its generation log-probs equal the trainer's recomputation under the same weights.
 */
class WeightRoundTripTest {

    private static final SamplingConfig SAMPLING = new SamplingConfig(4, 6, 1.0, 1.0);

    @Test
    void trainedWeightsReachEveryPolicyReplicaExactly() {
        ModelConfig shape = TestModels.tiny();
        try (Anvil anvil = Anvil.local(2)) {
            WeightStore ws = anvil.weightStore("round-trip");
            try (LanguageModel base = LanguageModel.create(shape, 9)) {
                ws.push(0, base.exportWeights());
            }
            ServiceHandle<PolicyActor> policy =
                    anvil.options(PolicyActor.class).numReplicas(2).asService(shape, "round-trip", 5L);
            ActorHandle<TrainerActor> trainer = anvil.options(TrainerActor.class)
                    .asActor(shape, new TrainerConfig(new OptimizerConfig(1e-2f, 0f, 1f), 0f), "round-trip");

            List<Completion> group = policy.endpoint(PolicyActor::generate, "What is 2 + 3?\n", SAMPLING)
                    .route()
                    .join();
            assertThat(group).allSatisfy(c -> assertThat(c.generatorVersion()).isZero());
            TrainStepResult step = trainer.endpoint(TrainerActor::trainStep, episodes(group))
                    .callOne()
                    .join();
            assertThat(step.step()).isEqualTo(1);
            trainer.endpoint(TrainerActor::pushWeights, 1L).callOne().join();
            assertThat(policy.endpoint(PolicyActor::updateWeights, 1L).fanout().join())
                    .containsExactly(1L, 1L);

            Map<String, byte[]> v0 = ws.pull(0);
            Map<String, byte[]> v1 = ws.pull(1);
            assertThat(v1.keySet()).isEqualTo(v0.keySet());
            assertThat(v1.keySet())
                    .anySatisfy(
                            k -> assertThat(Arrays.equals(v0.get(k), v1.get(k))).isFalse());

            // Both replicas: their log-probs under version 1 equal the trainer's recomputation.
            for (int i = 0; i < 2; i++) {
                List<Completion> after = policy.endpoint(PolicyActor::generate, "What is 12 - 7?\n", SAMPLING)
                        .route()
                        .join();
                assertThat(after)
                        .allSatisfy(c -> assertThat(c.generatorVersion()).isEqualTo(1));
                List<int[]> prompts = after.stream().map(Completion::promptIds).toList();
                List<int[]> responses = after.stream().map(Completion::tokenIds).toList();
                float[][] recomputed = trainer.endpoint(TrainerActor::logprobs, prompts, responses)
                        .callOne()
                        .join();
                for (int r = 0; r < after.size(); r++) {
                    float[] generated = after.get(r).logprobs();
                    assertThat(recomputed[r]).hasSize(generated.length);
                    for (int t = 0; t < generated.length; t++) {
                        assertThat(recomputed[r][t]).as("row %d token %d", r, t).isCloseTo(generated[t], within(1e-4f));
                    }
                }
            }
            assertThat(policy.endpoint(PolicyActor::getVersion).fanout().join()).containsExactly(1L, 1L);
        }
    }

    private static List<Episode> episodes(List<Completion> group) {
        // Any distinct rewards do: the step only has to move the weights.
        double[] rewards = new double[group.size()];
        for (int i = 0; i < rewards.length; i++) {
            rewards[i] = i;
        }
        double[] adv = Advantages.compute(rewards);
        List<Episode> out = new ArrayList<>();
        for (int i = 0; i < group.size(); i++) {
            Completion c = group.get(i);
            out.add(new Episode(
                    c.promptIds(), c.tokenIds(), c.logprobs(), c.logprobs(), rewards[i], adv[i], 0, c.text(), "5"));
        }
        return out;
    }
}
