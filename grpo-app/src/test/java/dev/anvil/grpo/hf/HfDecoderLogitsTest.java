package dev.anvil.grpo.hf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.anvil.grpo.model.CheckpointLoader;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.NoGrad;
import dev.anvil.grpo.model.SequenceLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DJL Llama/Qwen2 decoder against Hugging Face transformers: logits of tiny random checkpoints (made by
 * {@code make_hf_fixtures.py}) within 1e-4 in fp32, covering grouped-query attention, tied and untied embeddings,
 * non-default rotary bases, Qwen2's biases, bf16/fp16 storage and sharded weights.
 */
class HfDecoderLogitsTest {

    private static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"llama-gqa-tied", "llama-untied-theta", "qwen2-gqa-untied", "qwen2-tied-fp16"})
    void logitsMatchTransformersAtEveryPosition(String fixture) throws IOException {
        HfFixtures.Expected want = HfFixtures.expected(fixture);
        try (LanguageModel model = CheckpointLoader.load(HfFixtures.dir(fixture))) {
            float[][] got = fullPass(model, want.inputIds());
            double worst = 0;
            for (int t = 0; t < got.length; t++) {
                worst = Math.max(worst, HfFixtures.maxAbsDiff(got[t], want.logits()[t]));
            }
            System.out.printf("%s: max |logit - transformers| = %.2e%n", fixture, worst);
            assertThat(worst).as("max abs logit difference, " + fixture).isLessThan(TOLERANCE);
        }
    }

    @Test
    void parameterNamesAreTheCheckpointsTensorNames() throws IOException {
        Path dir = HfFixtures.dir("qwen2-gqa-untied");
        try (LanguageModel model = CheckpointLoader.load(dir)) {
            assertThat(model.namedParameters().keySet())
                    .containsExactlyInAnyOrderElementsOf(HfWeights.read(dir).keySet());
            assertThat(model.namedParameters()).containsKeys("model.layers.1.self_attn.k_proj.bias", "lm_head.weight");
        }
        try (LanguageModel tied = CheckpointLoader.load(HfFixtures.dir("llama-gqa-tied"))) {
            assertThat(tied.namedParameters()).doesNotContainKey("lm_head.weight");
            assertThat(tied.namedParameters()).doesNotContainKey("model.layers.0.self_attn.q_proj.bias");
        }
    }

    /** Decoding one token at a time with the key/value cache (GQA keys cached with 2 heads) gives the same logits. */
    @Test
    void cachedDecodingMatchesTheFullPass() throws IOException {
        HfFixtures.Expected want = HfFixtures.expected("qwen2-tied-fp16");
        long[] ids = want.inputIds();
        int prefill = 5;
        try (LanguageModel model = CheckpointLoader.load(HfFixtures.dir("qwen2-tied-fp16"));
                NoGrad ignored = NoGrad.open();
                NDManager m = model.manager().newSubManager()) {
            NDList out = model.forward(
                    new NDList(
                            m.create(Arrays.copyOf(ids, prefill), new Shape(1, prefill)),
                            m.arange(0L, prefill, 1L, ai.djl.ndarray.types.DataType.INT64)
                                    .reshape(1, prefill),
                            causalMask(m, prefill)),
                    false);
            double worst = HfFixtures.maxAbsDiff(lastRow(out.get(0)), want.logits()[prefill - 1]);
            for (int t = prefill; t < ids.length; t++) {
                NDList in = new NDList(
                        m.create(new long[] {ids[t]}, new Shape(1, 1)),
                        m.create(new long[] {t}, new Shape(1, 1)),
                        m.zeros(new Shape(1, 1, 1, t + 1)));
                in.addAll(out.subNDList(1));
                out = model.forward(in, false);
                worst = Math.max(worst, HfFixtures.maxAbsDiff(lastRow(out.get(0)), want.logits()[t]));
            }
            assertThat(worst).isLessThan(TOLERANCE);
        }
    }

    /** A shorter row, left-padded in a batch, computes what it computes alone (positions start at its first token). */
    @Test
    void leftPaddedRowMatchesTheUnpaddedSequence() throws IOException {
        HfFixtures.Expected want = HfFixtures.expected("llama-untied-theta");
        int[] full = Arrays.stream(want.inputIds()).mapToInt(l -> (int) l).toArray();
        int[] shorter = Arrays.copyOf(full, 7);
        try (LanguageModel model = CheckpointLoader.load(HfFixtures.dir("llama-untied-theta"));
                NoGrad ignored = NoGrad.open();
                NDManager m = model.manager().newSubManager()) {
            SequenceLayout layout = SequenceLayout.ofPrompts(List.of(full, shorter), 0);
            NDArray logits = model.forward(layout.inputs(m), false).get(0);
            float[] row1 = logits.get(1).get(-1).toFloatArray();
            assertThat(HfFixtures.maxAbsDiff(row1, want.logits()[6])).isLessThan(TOLERANCE);
        }
    }

    @Test
    void unsupportedArchitecturesAndMissingTensorsAreNamed(@TempDir Path tmp) throws IOException {
        Path src = HfFixtures.dir("llama-gqa-tied");
        Path gpt2 = copy(src, tmp.resolve("gpt2"));
        Files.writeString(
                gpt2.resolve("config.json"),
                Files.readString(gpt2.resolve("config.json")).replace("\"llama\"", "\"gpt2\""));
        assertThatThrownBy(() -> CheckpointLoader.load(gpt2)).hasMessageContaining("model_type=gpt2");

        Path scaled = copy(src, tmp.resolve("scaled"));
        Files.writeString(
                scaled.resolve("config.json"),
                Files.readString(scaled.resolve("config.json")).replace("\"default\"", "\"llama3\""));
        assertThatThrownBy(() -> CheckpointLoader.load(scaled)).hasMessageContaining("rope_type=llama3");

        Path untied = copy(src, tmp.resolve("untied"));
        Files.writeString(
                untied.resolve("config.json"),
                Files.readString(untied.resolve("config.json"))
                        .replace("\"tie_word_embeddings\": true", "\"tie_word_embeddings\": false"));
        assertThatThrownBy(() -> CheckpointLoader.load(untied)).hasMessageContaining("name=lm_head.weight");
    }

    @Test
    void halfPrecisionWidensExactly() {
        assertThat(HfWeights.halfToFloat((short) 0x3c00)).isEqualTo(1.0f);
        assertThat(HfWeights.halfToFloat((short) 0xc000)).isEqualTo(-2.0f);
        assertThat(HfWeights.halfToFloat((short) 0x0001)).isEqualTo(0x1p-24f);
        assertThat(HfWeights.halfToFloat((short) 0x7bff)).isEqualTo(65504f);
        assertThat(HfWeights.halfToFloat((short) 0xfc00)).isEqualTo(Float.NEGATIVE_INFINITY);
        assertThat(HfWeights.halfToFloat((short) 0x7e00)).isNaN();
    }

    static float[][] fullPass(LanguageModel model, long[] ids) {
        int t = ids.length;
        try (NoGrad ignored = NoGrad.open();
                NDManager m = model.manager().newSubManager()) {
            NDList out = model.forward(
                    new NDList(
                            m.create(ids, new Shape(1, t)),
                            m.arange(0L, t, 1L, ai.djl.ndarray.types.DataType.INT64)
                                    .reshape(1, t),
                            causalMask(m, t)),
                    false);
            NDArray logits = out.get(0).get(0);
            float[][] rows = new float[t][];
            for (int i = 0; i < t; i++) {
                rows[i] = logits.get(i).toFloatArray();
            }
            return rows;
        }
    }

    private static NDArray causalMask(NDManager m, int t) {
        float[] mask = new float[t * t];
        for (int q = 0; q < t; q++) {
            for (int k = q + 1; k < t; k++) {
                mask[q * t + k] = SequenceLayout.MASKED;
            }
        }
        return m.create(mask, new Shape(1, 1, t, t));
    }

    private static float[] lastRow(NDArray logits) {
        return logits.get(0).get(-1).toFloatArray();
    }

    private static Path copy(Path src, Path dst) throws IOException {
        Files.createDirectories(dst);
        Set<Path> files = new TreeSet<>();
        try (var s = Files.list(src)) {
            s.forEach(files::add);
        }
        List<Path> copied = new ArrayList<>();
        for (Path f : files) {
            copied.add(Files.copy(f, dst.resolve(f.getFileName())));
        }
        return dst;
    }
}
