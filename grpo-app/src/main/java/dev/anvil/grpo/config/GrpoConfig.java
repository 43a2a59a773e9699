package dev.anvil.grpo.config;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The whole app configuration, read from YAML in the shape of TorchForge's {@code apps/grpo} configs.
 *
 * @param seed seed for data order, initialisation and sampling
 * @param groupSize completions per prompt
 * @param batchSize episodes per trainer step ({@code batch_size / group_size} prompts per step)
 * @param maxReqTokens longest prompt in tokens (longer prompts keep their end)
 * @param maxResTokens most tokens per completion
 * @param steps GRPO steps
 * @param evalEvery evaluate validation accuracy every this many steps (and at the end)
 * @param model model shape for a fresh warm start
 * @param dataset data files
 * @param policy rollout sampling
 * @param trainer GRPO trainer settings
 * @param warmStart supervised warm start settings
 * @param baseCheckpoint checkpoint GRPO starts from (usually {@code warm_start.out}) unless {@code model.hf_path}
 *     names a Hugging Face checkpoint
 * @param outDir run directory: final checkpoint, metrics JSON lines, plot
 * @param torchThreads libtorch intra-op threads (0 = libtorch's default); tiny tensors run best on 1
 */
public record GrpoConfig(
        @JsonProperty("seed") int seed,
        @JsonProperty("group_size") int groupSize,
        @JsonProperty("batch_size") int batchSize,
        @JsonProperty("max_req_tokens") int maxReqTokens,
        @JsonProperty("max_res_tokens") int maxResTokens,
        @JsonProperty("steps") int steps,
        @JsonProperty("eval_every") int evalEvery,
        @JsonProperty("model") ModelConfig model,
        @JsonProperty("dataset") DatasetConfig dataset,
        @JsonProperty("policy") PolicyConfig policy,
        @JsonProperty("trainer") TrainerConfig trainer,
        @JsonProperty("warm_start") WarmStartConfig warmStart,
        @JsonProperty("base_checkpoint") String baseCheckpoint,
        @JsonProperty("out_dir") String outDir,
        @JsonProperty("torch_threads") int torchThreads) {

    /** Checks the cross-field rules. */
    public GrpoConfig {
        if (groupSize < 2 || batchSize < groupSize || batchSize % groupSize != 0) {
            throw new IllegalArgumentException("batch_size must be a positive multiple of group_size >= 2 [group_size="
                    + groupSize + ", batch_size=" + batchSize + "]");
        }
        if (model != null && maxReqTokens + maxResTokens > model.maxSeqLen()) {
            throw new IllegalArgumentException(
                    "max_req_tokens + max_res_tokens exceeds model.max_seq_len [max_req_tokens=" + maxReqTokens
                            + ", max_res_tokens=" + maxResTokens + ", max_seq_len=" + model.maxSeqLen() + "]");
        }
    }

    /** Applies {@link #torchThreads()} to libtorch (process-wide). */
    public void applyThreads() {
        if (torchThreads > 0) {
            dev.anvil.grpo.engine.Torch.engine(); // loads libtorch before the native call
            ai.djl.pytorch.jni.JniUtils.setNumThreads(torchThreads);
        }
    }

    /**
     * The checkpoint GRPO starts from: {@code model.hf_path} when set (a Hugging Face folder), else
     * {@code base_checkpoint}.
     *
     * @return the checkpoint folder
     */
    public String grpoBase() {
        return model != null && model.isHf() ? model.hfPath() : baseCheckpoint;
    }

    /**
     * This config with {@code model.hf_path} replaced, e.g. by the Hugging Face folder a warm start wrote.
     *
     * @param hfPath the new Hugging Face checkpoint folder
     * @return the new config
     */
    public GrpoConfig withHfPath(String hfPath) {
        ModelConfig m = new ModelConfig(
                model.vocabSize(),
                model.dModel(),
                model.numLayers(),
                model.numHeads(),
                model.mlpHidden(),
                model.maxSeqLen(),
                hfPath);
        return new GrpoConfig(
                seed,
                groupSize,
                batchSize,
                maxReqTokens,
                maxResTokens,
                steps,
                evalEvery,
                m,
                dataset,
                policy,
                trainer,
                warmStart,
                baseCheckpoint,
                outDir,
                torchThreads);
    }

    /** @return prompts per step */
    public int promptsPerStep() {
        return batchSize / groupSize;
    }

    /** @return the rollout sampling config */
    public SamplingConfig sampling() {
        return new SamplingConfig(groupSize, maxResTokens, policy.temperature(), policy.topP());
    }
}
