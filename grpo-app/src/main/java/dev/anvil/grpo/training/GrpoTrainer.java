package dev.anvil.grpo.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.anvil.grpo.config.OptimizerConfig;
import dev.anvil.grpo.engine.Torch;
import dev.anvil.grpo.loss.GrpoLoss;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.SequenceLayout;
import dev.anvil.grpo.model.TokenLogProbs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Trains the policy with the GRPO loss, AdamW and global-norm gradient clipping.
 *
 * <p>Owns its copy of the policy weights; after each step {@link #exportWeights()} gives the new weights to
 * push to the generators. Not thread-safe, and only one trainer may train per JVM: DJL's PyTorch
 * gradient collector is process-wide, and grad mode is per thread, so all steps must run on one thread
 * at a time.
 *
 * <pre>{@code
 * GrpoTrainer trainer = new GrpoTrainer(policyCopy, new OptimizerConfig(1e-3f, 0f, 1f), 0.05f, padId);
 * TrainStepResult r = trainer.trainStep(episodes);
 * generatorModel.importWeights(trainer.exportWeights());
 * }</pre>
 */
public final class GrpoTrainer {

    private final LanguageModel model;
    private final GradientStep gradientStep;
    private final GrpoLoss loss;
    private final int padId;
    private long step;

    /**
     * Creates a trainer.
     *
     * @param model the policy weights to train (owned by the caller)
     * @param optimizer optimizer settings
     * @param beta KL penalty weight
     * @param padId the padding token id
     */
    public GrpoTrainer(LanguageModel model, OptimizerConfig optimizer, float beta, int padId) {
        this.model = model;
        this.gradientStep = new GradientStep(model, optimizer);
        this.gradientStep.attachGradients();
        this.loss = new GrpoLoss(beta);
        this.padId = padId;
    }

    /** @return the number of steps taken, which is also the version of the current weights */
    public long version() {
        return step;
    }

    /**
     * Takes one optimizer step on a batch of episodes.
     *
     * @param batch the episodes (at least one)
     * @return the loss and diagnostics
     */
    public TrainStepResult trainStep(List<Episode> batch) {
        long start = System.nanoTime();
        List<int[]> prompts = new ArrayList<>();
        List<int[]> responses = new ArrayList<>();
        for (Episode e : batch) {
            prompts.add(e.promptIds());
            responses.add(e.responseIds());
        }
        SequenceLayout layout = SequenceLayout.of(prompts, responses, padId);
        int b = layout.batch();
        int r = layout.responseLen();
        float[] old = new float[b * r];
        float[] ref = new float[b * r];
        float[] adv = new float[b];
        for (int i = 0; i < b; i++) {
            Episode e = batch.get(i);
            System.arraycopy(e.oldLogprobs(), 0, old, i * r, e.oldLogprobs().length);
            System.arraycopy(e.refLogprobs(), 0, ref, i * r, e.refLogprobs().length);
            adv[i] = (float) e.advantage();
        }
        int tokens = 0;
        for (float m : layout.responseMask()) {
            tokens += (int) m;
        }
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray mask = scratch.create(layout.responseMask(), new Shape(b, r));
            GrpoLoss.Output out;
            try (GradientCollector gc = Torch.engine().newGradientCollector()) {
                NDArray logp = TokenLogProbs.compute(model, scratch, layout, true);
                out = loss.compute(
                        logp,
                        scratch.create(old, new Shape(b, r)),
                        scratch.create(ref, new Shape(b, r)),
                        scratch.create(adv),
                        mask);
                gc.backward(out.loss());
            }
            float norm = gradientStep.apply(scratch);
            step++;
            return new TrainStepResult(
                    step,
                    out.loss().getFloat(),
                    out.kl().getFloat(),
                    norm,
                    tokens,
                    (System.nanoTime() - start) / 1_000_000);
        }
    }

    /**
     * Copies the current weights out for the weight store.
     *
     * @return parameter name to little-endian float32 bytes
     */
    public Map<String, byte[]> exportWeights() {
        return model.exportWeights();
    }
}
