package dev.anvil.grpo.hf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/**
 * The tiny Hugging Face checkpoints under {@code src/test/resources/hf/}, made by
 * {@code src/test/python/make_hf_fixtures.py} with transformers, and the logits transformers computed for them.
 */
public final class HfFixtures {

    /** Every fixture: GQA + tied, MHA + untied + theta 5e5 + bf16 shards, Qwen2 GQA untied bf16, Qwen2 tied fp16. */
    public static final String[] ALL = {"llama-gqa-tied", "llama-untied-theta", "qwen2-gqa-untied", "qwen2-tied-fp16"};

    private HfFixtures() {}

    /**
     * What transformers computed for a fixture.
     *
     * @param inputIds the input ids
     * @param logits logits at every position, {@code [T][vocab]}
     * @param text a text
     * @param textIds the fixture tokenizer's ids for the text
     */
    public record Expected(long[] inputIds, float[][] logits, String text, int[] textIds) {}

    /**
     * The folder of a fixture.
     *
     * @param name the fixture
     * @return its folder in test-classes
     */
    public static Path dir(String name) {
        URL url = HfFixtures.class.getResource("/hf/" + name + "/config.json");
        if (url == null) {
            throw new IllegalStateException("fixture missing from test resources [name=" + name + "]");
        }
        try {
            return Path.of(url.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads a fixture's expected values.
     *
     * @param name the fixture
     * @return the values
     */
    public static Expected expected(String name) {
        try {
            JsonNode e = new ObjectMapper()
                    .readTree(dir(name).resolve("expected.json").toFile());
            long[] ids = new long[e.path("input_ids").size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = e.path("input_ids").get(i).asLong();
            }
            float[][] logits = new float[e.path("logits").size()][];
            for (int t = 0; t < logits.length; t++) {
                JsonNode row = e.path("logits").get(t);
                logits[t] = new float[row.size()];
                for (int v = 0; v < row.size(); v++) {
                    logits[t][v] = (float) row.get(v).asDouble();
                }
            }
            int[] textIds = new int[e.path("text_ids").size()];
            for (int i = 0; i < textIds.length; i++) {
                textIds[i] = e.path("text_ids").get(i).asInt();
            }
            return new Expected(ids, logits, e.path("text").asText(), textIds);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * The largest absolute difference between two rows.
     *
     * @param a one row
     * @param b another of the same length
     * @return max |a - b|
     */
    public static double maxAbsDiff(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("lengths differ [a=" + a.length + ", b=" + b.length + "]");
        }
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs(a[i] - b[i]));
        }
        return max;
    }
}
