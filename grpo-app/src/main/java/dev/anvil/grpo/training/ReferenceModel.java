package dev.anvil.grpo.training;

import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.SequenceLayout;
import dev.anvil.grpo.model.TokenLogProbs;
import java.util.List;

/**
 * The frozen reference policy: per-token log-probs of responses, for the KL penalty.
 *
 * <p>Thread-safe as long as nobody changes the weights (each call uses its own scratch memory and
 * turns grad mode off on the calling thread).
 *
 * <pre>{@code
 * float[][] ref = new ReferenceModel(frozenCopy, padId).logprobs(promptIds, responseIds);
 * }</pre>
 */
public final class ReferenceModel {

    private final LanguageModel model;
    private final int padId;

    /**
     * Creates the reference.
     *
     * @param model frozen weights (owned by the caller)
     * @param padId the padding token id
     */
    public ReferenceModel(LanguageModel model, int padId) {
        this.model = model;
        this.padId = padId;
    }

    /**
     * Computes log-probs of each response given its prompt.
     *
     * @param prompts prompt token ids
     * @param responses response token ids (non-empty ones)
     * @return per row, one log-prob per response token
     */
    public float[][] logprobs(List<int[]> prompts, List<int[]> responses) {
        int[] lengths = responses.stream().mapToInt(r -> r.length).toArray();
        return TokenLogProbs.computeArrays(model, SequenceLayout.of(prompts, responses, padId), lengths);
    }
}
