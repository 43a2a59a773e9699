package dev.anvil.grpo.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Reads the weights of a Hugging Face checkpoint folder as float32: {@code model.safetensors}, the shards listed by
 * {@code model.safetensors.index.json}, or every {@code *.safetensors} file of the folder.
 *
 * <p>A safetensors file is an 8-byte little-endian header length, a JSON header (name to dtype, shape and byte
 * range), then the raw little-endian data. F32, BF16 and F16 tensors are widened to float32 exactly (bf16 is the top
 * half of a float32; fp16 is rebuilt bit by bit, subnormals included). Files are memory-mapped and converted one
 * tensor at a time, so a checkpoint is never held twice in byte form.
 */
public final class HfWeights {

    /** The single-file weights name. */
    public static final String SINGLE_FILE = "model.safetensors";
    /** The index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private HfWeights() {}

    /**
     * A tensor widened to float32.
     *
     * @param shape the shape
     * @param values the values, row-major
     */
    public record Tensor(long[] shape, float[] values) {}

    /**
     * Reads every tensor of a checkpoint folder.
     *
     * @param dir the folder
     * @return name to tensor
     * @throws IOException if no weights are found, or a file is corrupt or holds a dtype other than F32/BF16/F16
     */
    public static Map<String, Tensor> read(Path dir) throws IOException {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Path file : files(dir)) {
            out.putAll(readFile(file));
        }
        return out;
    }

    /**
     * The safetensors files of a folder: the index's shards, else {@code model.safetensors}, else every
     * {@code *.safetensors} file.
     *
     * @param dir the folder
     * @return the files, in a stable order
     * @throws IOException if there are none, or the index names a shard that is missing
     */
    public static TreeSet<Path> files(Path dir) throws IOException {
        TreeSet<Path> files = new TreeSet<>();
        Path index = dir.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            JsonNode map = JSON.readTree(index.toFile()).path("weight_map");
            for (JsonNode shard : map) {
                Path f = dir.resolve(shard.asText());
                if (!Files.isRegularFile(f)) {
                    throw new IOException("shard named by the index is missing [shard=" + f + ", index=" + index + "]");
                }
                files.add(f);
            }
        } else if (Files.isRegularFile(dir.resolve(SINGLE_FILE))) {
            files.add(dir.resolve(SINGLE_FILE));
        } else if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".safetensors"))
                        .forEach(files::add);
            }
        }
        if (files.isEmpty()) {
            throw new IOException("no *.safetensors weights in the checkpoint folder [dir=" + dir + "]");
        }
        return files;
    }

    /**
     * Reads every tensor of one safetensors file.
     *
     * @param file the file
     * @return name to tensor, in header order
     * @throws IOException if the file is corrupt or holds an unsupported dtype
     */
    public static Map<String, Tensor> readFile(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw new IOException("not a safetensors file: shorter than its header length [path=" + file + "]");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            ch.read(lenBuf, 0);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen <= 0 || headerLen > 100_000_000 || 8 + headerLen > size) {
                throw new IOException("corrupt safetensors header [path=" + file + ", headerLength=" + headerLen + "]");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            ch.read(headerBuf, 8);
            JsonNode header = JSON.readTree(new String(headerBuf.array(), StandardCharsets.UTF_8));
            long base = 8 + headerLen;
            Map<String, Tensor> out = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = header.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!e.getKey().equals("__metadata__")) {
                    out.put(e.getKey(), readTensor(ch, file, base, size, e.getKey(), e.getValue()));
                }
            }
            return out;
        }
    }

    private static Tensor readTensor(FileChannel ch, Path file, long base, long size, String name, JsonNode t)
            throws IOException {
        String dtype = t.path("dtype").asText();
        int width = switch (dtype) {
            case "F32" -> 4;
            case "BF16", "F16" -> 2;
            default ->
                throw new IOException("unsupported tensor dtype: F32, BF16 and F16 are read [name=" + name + ", dtype="
                        + dtype + ", path=" + file + "]");
        };
        long[] shape = new long[t.path("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = t.path("shape").get(i).asLong();
            count *= shape[i];
        }
        long begin = base + t.path("data_offsets").path(0).asLong(-1);
        long end = base + t.path("data_offsets").path(1).asLong(-1);
        if (begin < base || end > size || end - begin != count * width) {
            throw new IOException("tensor data out of range or of the wrong length [name=" + name + ", path=" + file
                    + ", shape=" + java.util.Arrays.toString(shape) + ", dtype=" + dtype + "]");
        }
        if (count > Integer.MAX_VALUE) {
            throw new IOException("tensor too large for one Java array [name=" + name + ", elements=" + count + "]");
        }
        float[] values = new float[(int) count];
        if (end - begin > Integer.MAX_VALUE) {
            throw new IOException("tensor over 2 GiB, more than one memory mapping holds [name=" + name + ", bytes="
                    + (end - begin) + "]");
        }
        MappedByteBuffer data = ch.map(FileChannel.MapMode.READ_ONLY, begin, end - begin);
        data.order(ByteOrder.LITTLE_ENDIAN);
        switch (dtype) {
            case "F32" -> data.asFloatBuffer().get(values);
            case "BF16" -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = Float.intBitsToFloat((data.getShort(2 * i) & 0xffff) << 16);
                }
            }
            default -> {
                for (int i = 0; i < values.length; i++) {
                    values[i] = halfToFloat(data.getShort(2 * i));
                }
            }
        }
        return new Tensor(shape, values);
    }

    /**
     * Widens an IEEE 754 half-precision value to float32 exactly (Java 17 lacks {@code Float.float16ToFloat}).
     *
     * @param bits the half's 16 bits
     * @return the same value as a float
     */
    static float halfToFloat(short bits) {
        int h = bits & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exp = (h >>> 10) & 0x1f;
        int mant = h & 0x3ff;
        if (exp == 0x1f) { // infinity or NaN
            return Float.intBitsToFloat(sign | 0x7f800000 | (mant << 13));
        }
        if (exp == 0) { // zero or subnormal: mant * 2^-24
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp - 15 + 127) << 23) | (mant << 13));
    }
}
