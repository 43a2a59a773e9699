package dev.anvil.grpo.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * Lays out a batch of (prompt, response) token sequences for one full forward pass.
 *
 * <p>Prompts are left-padded to a common length {@code P} and responses right-padded to {@code R}, so every
 * response starts at column {@code P}. Positions count real tokens only and padded keys are masked, so a
 * sequence computes the same values whatever it is batched with: generation (which uses this layout for
 * its prefill) and the trainer therefore agree on log-probs.
 */
public final class SequenceLayout {

    /** Additive mask value for forbidden keys; large but finite so fully masked rows stay NaN-free. */
    public static final float MASKED = -1e9f;

    private final int batch;
    private final int promptLen;
    private final int responseLen;
    private final long[] tokens;
    private final long[] positions;
    private final boolean[] realKey;
    private final long[] targets;
    private final float[] responseMask;

    private SequenceLayout(List<int[]> prompts, List<int[]> responses, int padId) {
        if (prompts.size() != responses.size() || prompts.isEmpty()) {
            throw new IllegalArgumentException("need one response per prompt [prompts=" + prompts.size()
                    + ", responses=" + responses.size() + "]");
        }
        batch = prompts.size();
        promptLen = prompts.stream().mapToInt(p -> p.length).max().orElse(0);
        responseLen = responses.stream().mapToInt(r -> r.length).max().orElse(0);
        int len = promptLen + responseLen;
        tokens = new long[batch * len];
        positions = new long[batch * len];
        realKey = new boolean[batch * len];
        targets = new long[batch * responseLen];
        responseMask = new float[batch * responseLen];
        for (int b = 0; b < batch; b++) {
            int[] p = prompts.get(b);
            int[] r = responses.get(b);
            int pad = promptLen - p.length;
            int row = b * len;
            for (int j = 0; j < len; j++) {
                tokens[row + j] = padId;
            }
            for (int j = 0; j < p.length; j++) {
                tokens[row + pad + j] = p[j];
                realKey[row + pad + j] = true;
            }
            for (int j = 0; j < r.length; j++) {
                tokens[row + promptLen + j] = r[j];
                realKey[row + promptLen + j] = true;
                targets[b * responseLen + j] = r[j];
                responseMask[b * responseLen + j] = 1f;
            }
            for (int j = 0, pos = 0; j < len; j++) {
                positions[row + j] = realKey[row + j] ? pos++ : 0;
            }
        }
    }

    /**
     * Lays out prompts with their responses.
     *
     * @param prompts prompt token ids, one per row
     * @param responses response token ids, one per row (may be empty)
     * @param padId the padding id
     * @return the layout
     */
    public static SequenceLayout of(List<int[]> prompts, List<int[]> responses, int padId) {
        return new SequenceLayout(prompts, responses, padId);
    }

    /**
     * Lays out prompts alone, for a generation prefill.
     *
     * @param prompts prompt token ids
     * @param padId the padding id
     * @return the layout
     */
    public static SequenceLayout ofPrompts(List<int[]> prompts, int padId) {
        return new SequenceLayout(prompts, prompts.stream().map(p -> new int[0]).toList(), padId);
    }

    /** @return the number of rows */
    public int batch() {
        return batch;
    }

    /** @return the padded prompt length {@code P} */
    public int promptLen() {
        return promptLen;
    }

    /** @return the padded response length {@code R} */
    public int responseLen() {
        return responseLen;
    }

    /** @return the total length {@code P + R} */
    public int length() {
        return promptLen + responseLen;
    }

    /**
     * Returns the number of real (non-pad) tokens of a row's prompt, the position of its first response token.
     *
     * @param row the row
     * @return the prompt length without padding
     */
    public int realPromptLength(int row) {
        int n = 0;
        for (int j = 0; j < promptLen; j++) {
            n += realKey[row * length() + j] ? 1 : 0;
        }
        return n;
    }

    /**
     * Returns whether a column of a row holds a real token.
     *
     * @param row the row
     * @param col the column
     * @return true for real tokens, false for padding
     */
    public boolean isReal(int row, int col) {
        return realKey[row * length() + col];
    }

    /**
     * Creates the network inputs: tokens, positions and the causal/padding mask.
     *
     * @param manager the manager the arrays belong to (a per-step sub-manager)
     * @return {@code (tokens [B, L], positions [B, L], mask [B, 1, L, L])}
     */
    public NDList inputs(NDManager manager) {
        int len = length();
        float[] mask = new float[batch * len * len];
        for (int b = 0; b < batch; b++) {
            for (int q = 0; q < len; q++) {
                int base = (b * len + q) * len;
                for (int k = 0; k < len; k++) {
                    mask[base + k] = k <= q && realKey[b * len + k] ? 0f : MASKED;
                }
            }
        }
        return new NDList(
                manager.create(tokens, new Shape(batch, len)),
                manager.create(positions, new Shape(batch, len)),
                manager.create(mask, new Shape(batch, 1, len, len)));
    }

    /** @return response targets {@code [B * R]} row-major, pad where the response is shorter */
    public long[] targets() {
        return targets;
    }

    /** @return 1 for real response tokens, 0 for padding, {@code [B * R]} row-major */
    public float[] responseMask() {
        return responseMask;
    }
}
