package dev.anvil.grpo.training;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.anvil.grpo.config.OptimizerConfig;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.NoGrad;
import java.util.Map;

/**
 * Applies one AdamW update from the gradients left by a backward pass: global-norm clipping, the optimizer
 * step on every parameter, then zeroed gradients.
 *
 * <p>Used without a DJL {@code Trainer} on purpose: the model's parameters are updated in place, so weight
 * import/export and checkpoint loading act on the very arrays being trained.
 */
public final class GradientStep {

    private final LanguageModel model;
    private final Optimizer optimizer;
    private final float maxGradNorm;

    /**
     * Creates the step.
     *
     * @param model the model being trained
     * @param cfg optimizer settings
     */
    public GradientStep(LanguageModel model, OptimizerConfig cfg) {
        this.model = model;
        this.maxGradNorm = cfg.maxGradNorm();
        Tracker lr = Tracker.fixed(cfg.lr());
        if (cfg.warmup() > 0) {
            lr = Tracker.warmUp()
                    .optWarmUpBeginValue(0f)
                    .optWarmUpSteps(cfg.warmup())
                    .setMainTracker(lr)
                    .build();
        }
        this.optimizer = Optimizer.adamW()
                .optLearningRateTracker(lr)
                .optEpsilon(cfg.epsilon())
                .optWeightDecays(cfg.weightDecay())
                .build();
    }

    /**
     * Marks every parameter as needing gradients; call once before the first backward pass.
     */
    public void attachGradients() {
        for (Parameter p : model.namedParameters().values()) {
            p.getArray().setRequiresGradient(true);
        }
    }

    /**
     * Clips, updates and zeroes gradients.
     *
     * @param scratch per-step manager that owns the temporaries
     * @return the global gradient norm before clipping
     */
    public float apply(NDManager scratch) {
        Map<String, Parameter> params = model.namedParameters();
        NDArray[] grads = new NDArray[params.size()];
        double sumSq = 0;
        int i = 0;
        for (Parameter p : params.values()) {
            NDArray g = p.getArray().getGradient();
            // getGradient() returns a new handle attached to the model's manager; move it to the step scope.
            g.attach(scratch);
            grads[i++] = g;
            sumSq += g.square().sum().getFloat();
        }
        float norm = (float) Math.sqrt(sumSq);
        float scale = maxGradNorm > 0 && norm > maxGradNorm ? maxGradNorm / (norm + 1e-6f) : 1f;
        try (NoGrad ignored = NoGrad.open()) {
            i = 0;
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray g = grads[i++];
                // A fresh (scaled) copy goes to the optimizer; the live gradient buffer is then zeroed in place.
                optimizer.update(e.getKey(), e.getValue().getArray(), g.mul(scale));
                g.subi(g);
            }
        }
        return norm;
    }
}
