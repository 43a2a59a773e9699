package dev.anvil.internal.weights;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Float32 tensors to and from their little-endian byte form (PyTorch's and NumPy's on every common host). */
final class TensorBytes {
    private TensorBytes() {}

    static byte[] toBytes(float[] data) {
        byte[] bytes = new byte[data.length * Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().put(data);
        return bytes;
    }

    static float[] toFloats(byte[] bytes) {
        float[] data = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(data);
        return data;
    }
}
