package dev.anvil.grpo.eval;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.NoGrad;
import dev.anvil.grpo.model.SequenceLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The logits a checkpoint gives at the last position of a token sequence ({@code bin/grpo hf-logits}), so any Hugging
 * Face folder can be checked against {@code transformers}:
 * {@code model(torch.tensor([ids])).logits[0, -1]}.
 */
public final class LastLogits {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LastLogits() {}

    /**
     * Parses {@code 1,2,3}.
     *
     * @param ids comma-separated token ids
     * @return the ids
     * @throws IllegalArgumentException if the list is empty or holds something other than non-negative integers
     */
    public static int[] parseIds(String ids) {
        String[] parts = ids.trim().split("\\s*,\\s*");
        if (ids.isBlank()) {
            throw new IllegalArgumentException("--ids needs at least one token id, e.g. --ids 1,2,3");
        }
        int[] out = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                out[i] = Integer.parseInt(parts[i]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--ids takes comma-separated integers [bad=" + parts[i] + "]");
            }
            if (out[i] < 0) {
                throw new IllegalArgumentException("token ids are non-negative [bad=" + out[i] + "]");
            }
        }
        return out;
    }

    /**
     * Runs one forward pass and returns the last position's logits.
     *
     * @param checkpoint a Hugging Face folder or an Anvil checkpoint
     * @param ids the token ids, one sequence
     * @return the logits over the vocabulary
     * @throws IOException if the checkpoint cannot be loaded
     * @throws IllegalArgumentException if an id is outside the vocabulary
     */
    public static float[] compute(Path checkpoint, int[] ids) throws IOException {
        try (LanguageModel model = CheckpointLoader.load(checkpoint)) {
            int vocab = model.config().vocabSize();
            for (int id : ids) {
                if (id >= vocab) {
                    throw new IllegalArgumentException(
                            "token id outside the vocabulary [id=" + id + ", vocab_size=" + vocab + "]");
                }
            }
            if (ids.length > model.config().maxSeqLen()) {
                throw new IllegalArgumentException("more ids than the model's context [ids=" + ids.length + ", max="
                        + model.config().maxSeqLen() + "]");
            }
            try (NoGrad ignored = NoGrad.open();
                    NDManager step = model.manager().newSubManager()) {
                // One unpadded row: positions 0..T-1 and a plain causal mask, as transformers runs it.
                SequenceLayout layout = SequenceLayout.ofPrompts(List.of(ids), 0);
                return model.forward(layout.inputs(step), false)
                        .get(0)
                        .get(0)
                        .get(-1)
                        .toFloatArray();
            }
        }
    }

    /**
     * Formats logits as one JSON array.
     *
     * @param logits the values
     * @return e.g. {@code [0.1,-2.5]}
     */
    public static String toJson(float[] logits) {
        try {
            return JSON.writeValueAsString(logits);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
