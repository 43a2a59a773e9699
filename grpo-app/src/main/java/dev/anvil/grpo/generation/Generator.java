package dev.anvil.grpo.generation;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.anvil.grpo.config.SamplingConfig;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.NoGrad;
import dev.anvil.grpo.model.SequenceLayout;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Samples completions from a {@link LanguageModel} with incremental (key/value-cached) decoding.
 *
 * <p>All prompts of a call and their {@code n} samples decode together as one batch: one prefill pass over
 * the left-padded prompts, then one single-token pass per step that reuses the cached keys and values.
 * Not thread-safe: one caller at a time, and weights must not change during a call (the policy service
 * serialises {@code generate} against weight updates).
 *
 * <pre>{@code
 * Generator gen = new Generator(model, tokenizer, 42);
 * List<Completion> group = gen.generate("What is 2 + 3?\n", new SamplingConfig(8, 8, 1.0, 1.0));
 * }</pre>
 */
public final class Generator {

    private final LanguageModel model;
    private final TextTokenizer tokenizer;
    private final TokenSampler sampler;
    private volatile long version;

    /**
     * Creates a generator.
     *
     * @param model the model (owned by the caller)
     * @param tokenizer the tokenizer
     * @param seed the sampling seed
     */
    public Generator(LanguageModel model, TextTokenizer tokenizer, long seed) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.sampler = new TokenSampler(seed);
    }

    /** @return the weight version stamped on completions */
    public long version() {
        return version;
    }

    /**
     * Sets the weight version stamped on completions (after new weights were loaded).
     *
     * @param version the version
     */
    public void setVersion(long version) {
        this.version = version;
    }

    /**
     * Samples {@code cfg.n()} completions of one prompt.
     *
     * @param prompt the prompt text
     * @param cfg sampling settings
     * @return {@code n} completions
     */
    public List<Completion> generate(String prompt, SamplingConfig cfg) {
        return generateBatch(List.of(prompt), cfg).get(0);
    }

    /**
     * Samples {@code cfg.n()} completions for each prompt, all in one batch.
     *
     * @param prompts the prompt texts
     * @param cfg sampling settings
     * @return per prompt, its {@code n} completions
     */
    public List<List<Completion>> generateBatch(List<String> prompts, SamplingConfig cfg) {
        int maxPrompt = model.config().maxSeqLen() - cfg.maxTokens();
        List<int[]> rows = new ArrayList<>();
        for (String p : prompts) {
            int[] ids = tokenizer.encodePrompt(p);
            if (ids.length > maxPrompt) {
                // Keep the end of an over-long prompt: the question sits there.
                ids = Arrays.copyOfRange(ids, ids.length - maxPrompt, ids.length);
            }
            for (int i = 0; i < cfg.n(); i++) {
                rows.add(ids);
            }
        }
        int[][] tokens = new int[rows.size()][cfg.maxTokens()];
        float[][] logprobs = new float[rows.size()][cfg.maxTokens()];
        int[] lengths = decode(rows, cfg, tokens, logprobs);

        List<List<Completion>> out = new ArrayList<>();
        for (int p = 0; p < prompts.size(); p++) {
            List<Completion> group = new ArrayList<>(cfg.n());
            for (int i = 0; i < cfg.n(); i++) {
                int row = p * cfg.n() + i;
                int[] ids = Arrays.copyOf(tokens[row], lengths[row]);
                boolean stopped = lengths[row] > 0 && ids[lengths[row] - 1] == tokenizer.eosId();
                group.add(new Completion(
                        tokenizer.decode(ids),
                        rows.get(row),
                        ids,
                        Arrays.copyOf(logprobs[row], lengths[row]),
                        stopped ? Completion.STOP : Completion.LENGTH,
                        version));
            }
            out.add(group);
        }
        return out;
    }

    /** Runs prefill plus cached decoding; fills tokens/logprobs per row and returns each row's length. */
    private int[] decode(List<int[]> prompts, SamplingConfig cfg, int[][] tokens, float[][] logprobs) {
        int batch = prompts.size();
        int[] lengths = new int[batch];
        boolean[] done = new boolean[batch];
        SequenceLayout layout = SequenceLayout.ofPrompts(prompts, tokenizer.padId());
        int promptLen = layout.promptLen();
        int[] nextPos = new int[batch];
        for (int b = 0; b < batch; b++) {
            nextPos[b] = layout.realPromptLength(b);
        }
        // Key mask over every column so far: prompt padding is masked, generated tokens are real.
        List<float[]> keyMaskCols = new ArrayList<>();
        for (int c = 0; c < promptLen; c++) {
            float[] col = new float[batch];
            for (int b = 0; b < batch; b++) {
                col[b] = layout.isReal(b, c) ? 0f : SequenceLayout.MASKED;
            }
            keyMaskCols.add(col);
        }
        // One sub-manager for the call: the cache lives across steps; everything is freed on return.
        try (NoGrad ignored = NoGrad.open();
                NDManager mgr = model.manager().newSubManager()) {
            NDList out = model.forward(layout.inputs(mgr), false);
            NDArray last = out.get(0).get(":, -1, :");
            NDList cache = out.subNDList(1);
            for (int step = 0; step < cfg.maxTokens(); step++) {
                float[] raw = last.toFloatArray();
                float[] logp = last.logSoftmax(-1).toFloatArray();
                int vocab = (int) last.getShape().get(1);
                long[] next = new long[batch];
                long[] pos = new long[batch];
                float[] row = new float[vocab];
                boolean allDone = true;
                for (int b = 0; b < batch; b++) {
                    if (done[b]) {
                        next[b] = tokenizer.padId();
                    } else {
                        System.arraycopy(raw, b * vocab, row, 0, vocab);
                        int tok = sampler.sample(row, cfg.temperature(), cfg.topP());
                        tokens[b][lengths[b]] = tok;
                        logprobs[b][lengths[b]] = logp[b * vocab + tok];
                        lengths[b]++;
                        done[b] = tok == tokenizer.eosId() || lengths[b] == cfg.maxTokens();
                        next[b] = tok;
                    }
                    pos[b] = Math.min(nextPos[b]++, model.config().maxSeqLen() - 1);
                    allDone &= done[b];
                }
                if (allDone) {
                    break;
                }
                float[] newCol = new float[batch];
                keyMaskCols.add(newCol);
                int keys = keyMaskCols.size();
                float[] mask = new float[batch * keys];
                for (int c = 0; c < keys; c++) {
                    float[] col = keyMaskCols.get(c);
                    for (int b = 0; b < batch; b++) {
                        mask[b * keys + c] = col[b];
                    }
                }
                NDList in = new NDList(
                        mgr.create(next, new Shape(batch, 1)),
                        mgr.create(pos, new Shape(batch, 1)),
                        mgr.create(mask, new Shape(batch, 1, 1, keys)));
                in.addAll(cache);
                out = model.forward(in, false);
                last = out.get(0).get(":, -1, :");
                cache = out.subNDList(1);
            }
        }
        return lengths;
    }
}
