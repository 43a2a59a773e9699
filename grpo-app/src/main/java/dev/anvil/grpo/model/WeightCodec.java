package dev.anvil.grpo.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts float32 tensors to and from little-endian bytes, the wire form of weights in the weight
 * store and in safetensors files.
 */
public final class WeightCodec {

    private WeightCodec() {}

    /**
     * Encodes floats as little-endian bytes.
     *
     * @param values the values
     * @return {@code 4 * values.length} bytes
     */
    public static byte[] toBytes(float[] values) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        return buf.array();
    }

    /**
     * Decodes little-endian bytes to floats.
     *
     * @param bytes the bytes (length a multiple of 4)
     * @return the values
     */
    public static float[] toFloats(byte[] bytes) {
        if (bytes.length % Float.BYTES != 0) {
            throw new IllegalArgumentException("float32 bytes must be a multiple of 4 [length=" + bytes.length + "]");
        }
        float[] out = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(out);
        return out;
    }
}
