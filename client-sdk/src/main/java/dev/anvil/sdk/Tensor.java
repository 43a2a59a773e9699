package dev.anvil.sdk;

import java.util.Arrays;

/**
 * A float32 tensor: values in row-major order and a shape. Stored by a {@link WeightStore} as little-endian bytes.
 *
 * @param data the values, {@code product(shape)} of them
 * @param shape dimensions, each at least 0
 */
public record Tensor(float[] data, long[] shape) {

    /** Checks that {@code data} holds exactly {@code product(shape)} values. */
    public Tensor {
        if (data == null || shape == null) {
            throw new IllegalArgumentException("tensor data and shape are required [data="
                    + (data == null ? "null" : data.length) + ", shape=" + Arrays.toString(shape) + "]");
        }
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(
                        "tensor dimensions must be >= 0 [shape=" + Arrays.toString(shape) + "]");
            }
            n = Math.multiplyExact(n, d);
        }
        if (n != data.length) {
            throw new IllegalArgumentException("tensor data does not match its shape [values=" + data.length
                    + ", shape=" + Arrays.toString(shape) + "]");
        }
        shape = shape.clone();
    }

    /** A one-dimensional tensor of {@code data}. */
    public static Tensor of(float... data) {
        return new Tensor(data, new long[] {data.length});
    }

    /** The shape (a copy). */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor t && Arrays.equals(data, t.data) && Arrays.equals(shape, t.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Tensor[shape=" + Arrays.toString(shape) + ", values=" + data.length + "]";
    }
}
