package dev.anvil.grpo.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.anvil.grpo.config.OptimizerConfig;
import dev.anvil.grpo.engine.Torch;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.SequenceLayout;
import dev.anvil.grpo.model.TokenLogProbs;
import java.util.List;

/**
 * Supervised fine-tuning on (prompt, response) pairs: token-mean cross-entropy on the response only.
 * Makes the warm-start checkpoint GRPO begins from. Same threading rules as {@link GrpoTrainer}.
 */
public final class SftTrainer {

    private final LanguageModel model;
    private final GradientStep gradientStep;
    private final int padId;
    private long step;

    /**
     * Creates the trainer.
     *
     * @param model the model to train (owned by the caller)
     * @param optimizer optimizer settings
     * @param padId the padding token id
     */
    public SftTrainer(LanguageModel model, OptimizerConfig optimizer, int padId) {
        this.model = model;
        this.gradientStep = new GradientStep(model, optimizer);
        this.gradientStep.attachGradients();
        this.padId = padId;
    }

    /**
     * Takes one optimizer step.
     *
     * @param prompts prompt token ids
     * @param responses target response token ids (ending in {@code <eos>})
     * @return loss and diagnostics
     */
    public TrainStepResult trainStep(List<int[]> prompts, List<int[]> responses) {
        long start = System.nanoTime();
        SequenceLayout layout = SequenceLayout.of(prompts, responses, padId);
        try (NDManager scratch = model.manager().newSubManager()) {
            NDArray mask = scratch.create(layout.responseMask(), new Shape(layout.batch(), layout.responseLen()));
            NDArray loss;
            try (GradientCollector gc = Torch.engine().newGradientCollector()) {
                NDArray logp = TokenLogProbs.compute(model, scratch, layout, true);
                loss = logp.mul(mask).sum().div(mask.sum()).neg();
                gc.backward(loss);
            }
            float norm = gradientStep.apply(scratch);
            step++;
            return new TrainStepResult(
                    step,
                    loss.getFloat(),
                    0,
                    norm,
                    (int) mask.sum().getFloat(),
                    (System.nanoTime() - start) / 1_000_000);
        }
    }
}
