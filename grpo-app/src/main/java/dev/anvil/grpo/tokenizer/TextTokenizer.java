package dev.anvil.grpo.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.grpo.config.ModelConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The project's tokenizer: a Hugging Face {@code tokenizer.json} loaded by DJL's native tokenizers
 * library from a local file or the bundled resource, never from the hub.
 *
 * <p>The bundled vocabulary is word-level over digits, operators, a few prompt words, whitespace and the
 * special tokens {@code <pad> <bos> <eos> <unk> <answer> </answer>}; its {@code Fuse} decoder makes
 * {@code decode(encode(s))} return {@code s} for any in-vocabulary text. Thread-safe.
 *
 * <pre>{@code
 * try (TextTokenizer tok = TextTokenizer.bundled()) {
 *     int[] ids = tok.encode("What is 2 + 3?\n");
 *     String text = tok.decode(ids);
 * }
 * }</pre>
 */
public final class TextTokenizer implements AutoCloseable {

    /** Classpath location of the bundled tokenizer. */
    public static final String BUNDLED_RESOURCE = "/tokenizer/tokenizer.json";

    private final HuggingFaceTokenizer hf;
    private final int vocabSize;
    private final int padId;
    private final int bosId;
    private final int eosId;
    private final int unkId;

    private TextTokenizer(byte[] tokenizerJson) throws IOException {
        this(tokenizerJson, null);
    }

    /**
     * Loads a tokenizer; {@code special} null means the project's own special tokens, which must all be present.
     */
    private TextTokenizer(byte[] tokenizerJson, SpecialTokens special) throws IOException {
        JsonNode root = new ObjectMapper().readTree(tokenizerJson);
        JsonNode vocab = root.path("model").path("vocab");
        if (!vocab.isObject() || vocab.isEmpty()) {
            throw new IOException("tokenizer.json has no model.vocab");
        }
        int max = -1;
        for (JsonNode id : vocab) {
            max = Math.max(max, id.asInt());
        }
        for (JsonNode added : root.path("added_tokens")) {
            max = Math.max(max, added.path("id").asInt());
        }
        this.vocabSize = max + 1;
        if (special == null) {
            this.padId = requireId(vocab, "<pad>");
            this.bosId = requireId(vocab, "<bos>");
            this.eosId = requireId(vocab, "<eos>");
            this.unkId = requireId(vocab, "<unk>");
        } else {
            this.padId = special.pad();
            this.bosId = special.bos();
            this.eosId = special.eos();
            this.unkId = special.unk();
        }
        // addSpecialTokens=false: the model code adds <bos> itself, so encode() is a pure text mapping.
        try {
            this.hf = HuggingFaceTokenizer.newInstance(
                    new ByteArrayInputStream(tokenizerJson), Map.of("addSpecialTokens", "false"));
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw dev.anvil.grpo.engine.Torch.explain(e); // the tokenizers JNI library: same one-loader rule
        }
    }

    private static int requireId(JsonNode vocab, String token) throws IOException {
        JsonNode id = vocab.get(token);
        if (id == null) {
            throw new IOException("tokenizer.json lacks required token [token=" + token + "]");
        }
        return id.asInt();
    }

    /**
     * Loads the tokenizer bundled with the app.
     *
     * @return the tokenizer
     */
    public static TextTokenizer bundled() {
        try (InputStream in = TextTokenizer.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("bundled tokenizer missing [resource=" + BUNDLED_RESOURCE + "]");
            }
            return new TextTokenizer(in.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a {@code tokenizer.json} from a local path.
     *
     * @param tokenizerJson the file
     * @return the tokenizer
     * @throws IOException if the file cannot be read or lacks the special tokens
     */
    public static TextTokenizer load(Path tokenizerJson) throws IOException {
        return new TextTokenizer(Files.readAllBytes(tokenizerJson));
    }

    /**
     * The tokenizer a model uses: a Hugging Face checkpoint's own ({@link #loadHf}) or the bundled one.
     *
     * @param shape the model's shape
     * @return the tokenizer
     * @throws UncheckedIOException if the checkpoint's tokenizer cannot be read
     */
    public static TextTokenizer forModel(ModelConfig shape) {
        if (!shape.isHf()) {
            return bundled();
        }
        try {
            return loadHf(Path.of(shape.hfPath()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads the tokenizer of a Hugging Face checkpoint folder: {@code tokenizer.json}, with the special tokens named
     * by {@code tokenizer_config.json} ({@code eos_token}, {@code pad_token}, {@code bos_token}, {@code unk_token}) or,
     * failing that, the ids in {@code config.json}. A missing pad token is the end-of-sequence token; a missing
     * beginning-of-sequence token means prompts start without one (as Qwen2's do).
     *
     * @param dir the checkpoint folder
     * @return the tokenizer
     * @throws IOException if {@code tokenizer.json} is missing or no end-of-sequence token is named
     */
    public static TextTokenizer loadHf(Path dir) throws IOException {
        Path file = dir.resolve("tokenizer.json");
        if (!Files.isRegularFile(file)) {
            throw new IOException("Hugging Face checkpoint has no tokenizer.json [dir=" + dir + "]");
        }
        byte[] json = Files.readAllBytes(file);
        return new TextTokenizer(json, SpecialTokens.read(dir, new ObjectMapper().readTree(json)));
    }

    /**
     * Returns the bytes of the bundled tokenizer, for copying into a checkpoint directory.
     *
     * @return the JSON bytes
     */
    public static byte[] bundledJson() {
        try (InputStream in = TextTokenizer.class.getResourceAsStream(BUNDLED_RESOURCE)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Encodes text without adding special tokens.
     *
     * @param text the text
     * @return token ids
     */
    public int[] encode(String text) {
        long[] ids = hf.encode(text).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = (int) ids[i];
        }
        return out;
    }

    /**
     * Encodes a prompt for the model: {@code <bos>} (when the tokenizer has one) followed by the text's tokens.
     *
     * @param text the prompt text
     * @return token ids, starting with {@link #bosId()} unless it is -1
     */
    public int[] encodePrompt(String text) {
        int[] body = encode(text);
        if (bosId < 0) {
            return body;
        }
        int[] out = new int[body.length + 1];
        out[0] = bosId;
        System.arraycopy(body, 0, out, 1, body.length);
        return out;
    }

    /**
     * Decodes ids to text, dropping {@code <pad> <bos> <eos> <unk>} but keeping the answer tags.
     *
     * @param ids token ids
     * @return the text
     */
    public String decode(int[] ids) {
        long[] l = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            l[i] = ids[i];
        }
        return hf.decode(l, true);
    }

    /** @return the number of ids (largest id + 1) */
    public int vocabSize() {
        return vocabSize;
    }

    /** @return the padding id */
    public int padId() {
        return padId;
    }

    /** @return the beginning-of-sequence id, -1 when the tokenizer has none */
    public int bosId() {
        return bosId;
    }

    /** @return the end-of-sequence id, which stops generation */
    public int eosId() {
        return eosId;
    }

    /** @return the unknown-token id, -1 when the tokenizer has none (byte-level BPE needs none) */
    public int unkId() {
        return unkId;
    }

    @Override
    public void close() {
        hf.close();
    }
}
