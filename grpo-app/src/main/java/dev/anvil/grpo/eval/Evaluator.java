package dev.anvil.grpo.eval;

import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.data.Gsm8kRecord;
import dev.anvil.grpo.data.PromptFormat;
import dev.anvil.grpo.generation.Completion;
import dev.anvil.grpo.generation.Generator;
import dev.anvil.grpo.reward.CombinedReward;
import dev.anvil.grpo.reward.FormatReward;
import dev.anvil.grpo.reward.MathReward;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy accuracy on a split: a problem counts as solved when the right number is inside
 * {@code <answer>...</answer>} (math reward 1.0).
 *
 * <pre>{@code
 * EvalResult r = new Evaluator(validationRecords, 8).evaluate(generator);
 * }</pre>
 */
public final class Evaluator {

    private static final int CHUNK = 256;

    private final List<Gsm8kRecord> records;
    private final int maxTokens;
    private final MathReward math = new MathReward();
    private final FormatReward format = new FormatReward();
    private final CombinedReward combined = CombinedReward.mathAndFormat();

    /**
     * Creates an evaluator.
     *
     * @param records the problems
     * @param maxTokens response token budget
     */
    public Evaluator(List<Gsm8kRecord> records, int maxTokens) {
        this.records = List.copyOf(records);
        this.maxTokens = maxTokens;
    }

    /**
     * Evaluates with greedy decoding.
     *
     * @param generator the generator over the model to evaluate
     * @return the accuracy
     */
    public EvalResult evaluate(Generator generator) {
        int correct = 0;
        int formatted = 0;
        int anywhere = 0;
        double reward = 0;
        for (int from = 0; from < records.size(); from += CHUNK) {
            List<Gsm8kRecord> chunk = records.subList(from, Math.min(records.size(), from + CHUNK));
            List<String> prompts = new ArrayList<>();
            for (Gsm8kRecord r : chunk) {
                prompts.add(PromptFormat.request(r.question()));
            }
            List<List<Completion>> out = generator.generateBatch(prompts, SamplingConfig.greedy(maxTokens));
            for (int i = 0; i < chunk.size(); i++) {
                String text = out.get(i).get(0).text();
                String target = chunk.get(i).finalAnswer();
                double m = math.score(text, target);
                correct += m == 1.0 ? 1 : 0;
                anywhere += m > 0 ? 1 : 0;
                formatted += format.score(text, target) == 1.0 ? 1 : 0;
                reward += combined.score(text, target);
            }
        }
        int n = records.size();
        return new EvalResult(correct, n, n == 0 ? 0 : reward / n, n == 0 ? 0 : (double) formatted / n, anywhere);
    }

    /**
     * Measures sampled pass@k.
     *
     * @param generator the generator over the model to evaluate (its seed fixes the samples)
     * @param k samples per problem
     * @param temperature sampling temperature (the rollouts' temperature, usually 1.0)
     * @return pass@k with and without the tag requirement
     * @throws IllegalArgumentException if {@code k < 1} or the temperature is not positive
     */
    public PassAtK passAtK(Generator generator, int k, double temperature) {
        if (k < 1 || !(temperature > 0)) {
            throw new IllegalArgumentException(
                    "pass@k needs k >= 1 and temperature > 0 [k=" + k + ", temperature=" + temperature + "]");
        }
        SamplingConfig sampling = new SamplingConfig(k, maxTokens, temperature, 1.0);
        int solved = 0;
        int solvedAnywhere = 0;
        int chunkSize = Math.max(1, CHUNK / k);
        for (int from = 0; from < records.size(); from += chunkSize) {
            List<Gsm8kRecord> chunk = records.subList(from, Math.min(records.size(), from + chunkSize));
            List<String> prompts = new ArrayList<>();
            for (Gsm8kRecord r : chunk) {
                prompts.add(PromptFormat.request(r.question()));
            }
            List<List<Completion>> out = generator.generateBatch(prompts, sampling);
            for (int i = 0; i < chunk.size(); i++) {
                String target = chunk.get(i).finalAnswer();
                double best = 0;
                for (Completion c : out.get(i)) {
                    best = Math.max(best, math.score(c.text(), target));
                }
                solved += best == 1.0 ? 1 : 0;
                solvedAnywhere += best > 0 ? 1 : 0;
            }
        }
        return new PassAtK(k, temperature, solved, solvedAnywhere, records.size());
    }
}
