package dev.anvil.grpo.training;

import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.data.Gsm8kDataset;
import dev.anvil.grpo.data.Sample;
import dev.anvil.grpo.generation.Completion;
import dev.anvil.grpo.generation.Generator;
import dev.anvil.grpo.reward.Advantages;
import dev.anvil.grpo.reward.RewardFunction;
import java.util.ArrayList;
import java.util.List;

/**
 * One round of rollouts, as TorchForge's {@code continuous_rollouts} does per prompt: sample prompts, generate
 * a group per prompt, score, compute group advantages and reference log-probs, and emit episodes.
 *
 * <p>Here all prompts of the round share one generation batch and one reference batch, which is what makes
 * the in-process loop fast on CPU.
 */
public final class RolloutCollector {

    private final Gsm8kDataset dataset;
    private final Generator generator;
    private final ReferenceModel reference;
    private final RewardFunction reward;

    /**
     * The outcome of a round.
     *
     * @param episodes one episode per completion
     * @param generatedTokens tokens generated
     * @param generationMillis generation wall time
     * @param referenceMillis reference log-prob wall time
     */
    public record Round(List<Episode> episodes, int generatedTokens, long generationMillis, long referenceMillis) {}

    /**
     * Creates the collector.
     *
     * @param dataset where prompts come from
     * @param generator the policy
     * @param reference the reference model
     * @param reward the reward
     */
    public RolloutCollector(
            Gsm8kDataset dataset, Generator generator, ReferenceModel reference, RewardFunction reward) {
        this.dataset = dataset;
        this.generator = generator;
        this.reference = reference;
        this.reward = reward;
    }

    /**
     * Runs one round.
     *
     * @param prompts number of prompts
     * @param sampling sampling settings ({@code n} is the group size)
     * @return the episodes and timings
     */
    public Round collect(int prompts, SamplingConfig sampling) {
        List<Sample> samples = new ArrayList<>(prompts);
        List<String> requests = new ArrayList<>(prompts);
        for (int i = 0; i < prompts; i++) {
            Sample s = dataset.sample();
            samples.add(s);
            requests.add(s.request());
        }
        long t0 = System.nanoTime();
        List<List<Completion>> groups = generator.generateBatch(requests, sampling);
        long t1 = System.nanoTime();
        List<int[]> promptIds = new ArrayList<>();
        List<int[]> responseIds = new ArrayList<>();
        int tokens = 0;
        for (List<Completion> g : groups) {
            for (Completion c : g) {
                promptIds.add(c.promptIds());
                responseIds.add(c.tokenIds());
                tokens += c.tokenIds().length;
            }
        }
        float[][] ref = reference.logprobs(promptIds, responseIds);
        long t2 = System.nanoTime();
        List<Episode> episodes = new ArrayList<>(promptIds.size());
        int row = 0;
        for (int p = 0; p < groups.size(); p++) {
            List<Completion> g = groups.get(p);
            String target = samples.get(p).target();
            double[] rewards = new double[g.size()];
            for (int i = 0; i < g.size(); i++) {
                rewards[i] = reward.score(g.get(i).text(), target);
            }
            double[] adv = Advantages.compute(rewards);
            for (int i = 0; i < g.size(); i++) {
                Completion c = g.get(i);
                episodes.add(Episode.of(c, ref[row++], rewards[i], adv[i], target));
            }
        }
        return new Round(episodes, tokens, (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
