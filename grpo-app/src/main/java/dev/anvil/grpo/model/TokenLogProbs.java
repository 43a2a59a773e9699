package dev.anvil.grpo.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Per-token log-probabilities of responses under a model, in one batched forward pass.
 *
 * <p>The same computation serves the trainer (with autograd), the reference model and tests that compare
 * against generation-time log-probs.
 */
public final class TokenLogProbs {

    private TokenLogProbs() {}

    /**
     * Computes {@code log p(response_t | prompt, response_<t)} for every response position.
     *
     * @param model the model
     * @param manager per-step manager that owns the inputs and results
     * @param layout the batch layout (must have at least one response token)
     * @param training whether this pass records gradients
     * @return log-probs {@code [B, R]}; entries at padded positions are meaningless and must be masked
     */
    public static NDArray compute(LanguageModel model, NDManager manager, SequenceLayout layout, boolean training) {
        int p = layout.promptLen();
        int r = layout.responseLen();
        if (r == 0) {
            throw new IllegalArgumentException("layout has no response tokens");
        }
        NDList out = model.forward(layout.inputs(manager), training);
        // Logits at column c predict the token at column c + 1: keep columns P-1 .. P+R-2.
        NDArray logits = out.get(0).get(":, {}:{}, :", p - 1, p + r - 1);
        NDArray logp = logits.logSoftmax(-1);
        NDArray targets = manager.create(layout.targets(), new Shape(layout.batch(), r, 1));
        return logp.gather(targets, -1).squeeze(-1);
    }

    /**
     * Computes log-probs without gradients and copies them out, one array per row trimmed to its response length.
     *
     * @param model the model
     * @param layout the batch layout
     * @param responseLengths the real length of each row's response
     * @return log-probs per row
     */
    public static float[][] computeArrays(LanguageModel model, SequenceLayout layout, int[] responseLengths) {
        try (NoGrad ignored = NoGrad.open();
                NDManager step = model.manager().newSubManager()) {
            float[] flat = compute(model, step, layout, false).toFloatArray();
            float[][] rows = new float[layout.batch()][];
            for (int b = 0; b < rows.length; b++) {
                rows[b] = new float[responseLengths[b]];
                System.arraycopy(flat, b * layout.responseLen(), rows[b], 0, responseLengths[b]);
            }
            return rows;
        }
    }
}
