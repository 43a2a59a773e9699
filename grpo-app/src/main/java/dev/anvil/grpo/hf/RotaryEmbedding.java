package dev.anvil.grpo.hf;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/**
 * Rotary position embeddings in Hugging Face's "rotate half" layout: frequency {@code i} rotates the pair of
 * dimensions {@code (i, i + headDim/2)} by {@code position * theta^(-2i/headDim)}.
 *
 * <p>Angles come from the position ids the caller passes (not from column indices), so a left-padded row, whose
 * positions start at its first real token, gets the same rotation as the row alone.
 */
public final class RotaryEmbedding {

    private final float[] inverseFrequencies;

    /**
     * Creates the table of frequencies.
     *
     * @param headDim width of one head (even)
     * @param theta the rotary base ({@code rope_theta})
     */
    public RotaryEmbedding(int headDim, double theta) {
        inverseFrequencies = new float[headDim / 2];
        for (int i = 0; i < inverseFrequencies.length; i++) {
            // The exponent is rounded to float32 as transformers rounds it; the power itself is taken in double.
            float exponent = (float) (2 * i) / headDim;
            inverseFrequencies[i] = (float) (1.0 / Math.pow(theta, exponent));
        }
    }

    /**
     * Computes the cosines and sines for a batch of positions.
     *
     * @param positions position ids {@code [B, T]} (int64)
     * @return cos and sin, each {@code [B, 1, T, headDim]} (broadcast over heads), in the positions' manager
     */
    public NDList cosSin(NDArray positions) {
        NDArray inv = positions.getManager().create(inverseFrequencies).toDevice(positions.getDevice(), false);
        NDArray angles =
                positions.toType(DataType.FLOAT32, false).expandDims(-1).mul(inv);
        NDArray full = angles.concat(angles, -1).expandDims(1);
        return new NDList(full.cos(), full.sin());
    }

    /**
     * Rotates queries or keys.
     *
     * @param x {@code [B, heads, T, headDim]}
     * @param cos from {@link #cosSin}
     * @param sin from {@link #cosSin}
     * @return the rotated array, same shape
     */
    public static NDArray apply(NDArray x, NDArray cos, NDArray sin) {
        int last = x.getShape().dimension() - 1; // split takes no negative axis
        NDList halves = x.split(2, last);
        NDArray rotated = halves.get(1).neg().concat(halves.get(0), -1);
        return x.mul(cos).add(rotated.mul(sin));
    }
}
