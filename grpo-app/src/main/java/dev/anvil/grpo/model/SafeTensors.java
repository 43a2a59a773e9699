package dev.anvil.grpo.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and writes float32 tensors in the safetensors file format (8-byte little-endian header length,
 * JSON header, raw little-endian data), so checkpoints open in other tools too.
 */
public final class SafeTensors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SafeTensors() {}

    /**
     * A tensor as shape plus little-endian float32 bytes.
     *
     * @param shape the shape
     * @param data the bytes
     */
    public record Tensor(long[] shape, byte[] data) {}

    /**
     * Writes tensors.
     *
     * @param file the file
     * @param tensors name to tensor, written in map order
     * @throws IOException if writing fails
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = header.putObject(e.getKey());
            t.put("dtype", "F32");
            var shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + e.getValue().data().length);
            offset += e.getValue().data().length;
        }
        byte[] headerBytes = JSON.writeValueAsString(header).getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putLong(headerBytes.length)
                    .array());
            out.write(headerBytes);
            for (Tensor t : tensors.values()) {
                out.write(t.data());
            }
        }
    }

    /**
     * Reads every tensor of a file.
     *
     * @param file the file
     * @return name to tensor, in header order
     * @throws IOException if the file is unreadable or not float32 safetensors
     */
    public static Map<String, Tensor> read(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        if (all.length < 8) {
            throw new IOException("not a safetensors file [path=" + file + "]");
        }
        long headerLen =
                ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (headerLen <= 0 || 8 + headerLen > all.length) {
            throw new IOException("corrupt safetensors header [path=" + file + ", headerLength=" + headerLen + "]");
        }
        JsonNode header = JSON.readTree(new String(all, 8, (int) headerLen, StandardCharsets.UTF_8));
        int base = 8 + (int) headerLen;
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                continue;
            }
            JsonNode t = e.getValue();
            if (!"F32".equals(t.path("dtype").asText())) {
                throw new IOException("only F32 tensors are supported [name=" + e.getKey() + ", dtype="
                        + t.path("dtype").asText() + "]");
            }
            long[] shape = new long[t.path("shape").size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = t.path("shape").get(i).asLong();
            }
            int begin = base + t.path("data_offsets").get(0).asInt();
            int end = base + t.path("data_offsets").get(1).asInt();
            if (begin < base || end > all.length || end < begin) {
                throw new IOException("tensor data out of range [name=" + e.getKey() + "]");
            }
            byte[] data = new byte[end - begin];
            System.arraycopy(all, begin, data, 0, data.length);
            out.put(e.getKey(), new Tensor(shape, data));
        }
        return out;
    }
}
