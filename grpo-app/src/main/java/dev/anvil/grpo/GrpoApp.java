package dev.anvil.grpo;

import dev.anvil.grpo.cluster.ClusterGrpoLoop;
import dev.anvil.grpo.cluster.ClusterSettings;
import dev.anvil.grpo.config.ConfigLoader;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.data.ArithmeticProblemGenerator;
import dev.anvil.grpo.eval.EvalCommand;
import dev.anvil.grpo.eval.FinalReport;
import dev.anvil.grpo.eval.LastLogits;
import dev.anvil.grpo.eval.SplitResult;
import dev.anvil.grpo.training.LocalGrpoLoop;
import dev.anvil.grpo.training.WarmStart;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Command line of the GRPO app: {@code warmstart}, {@code grpo}, {@code all} (both), {@code eval} and
 * {@code gen-data}. Config keys are overridden with trailing {@code dotted.key=value} arguments.
 *
 * <pre>
 * grpo-app/bin/grpo all                                   # warm start + GRPO with the bundled config
 * grpo-app/bin/grpo grpo steps=20 trainer.optimizer.lr=2e-3
 * grpo-app/bin/grpo eval --checkpoint run/grpo/checkpoint
 * </pre>
 */
@Command(
        name = "grpo",
        mixinStandardHelpOptions = true,
        description = "GRPO post-training of a small DJL transformer on arithmetic, on Anvil services.",
        subcommands = {
            GrpoApp.WarmStartCmd.class,
            GrpoApp.GrpoCmd.class,
            GrpoApp.AllCmd.class,
            GrpoApp.EvalCmd.class,
            GrpoApp.GenDataCmd.class,
            GrpoApp.EngineCmd.class,
            GrpoApp.HfLogitsCmd.class
        })
public final class GrpoApp {

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new GrpoApp()).execute(args));
    }

    /** Options shared by commands that read the YAML config. */
    static class ConfigOptions {
        @Option(
                names = {"-c", "--config"},
                description = "YAML config (file or classpath:...)",
                defaultValue = "classpath:config/grpo.yaml")
        String config;

        @Option(
                names = "--cluster-config",
                description = "cluster YAML (file or classpath:...)",
                defaultValue = ClusterSettings.BUNDLED)
        String clusterConfig;

        @Parameters(
                paramLabel = "KEY=VALUE",
                description =
                        "dotted config overrides, e.g. trainer.optimizer.lr=2e-3" + " or cluster.policy_replicas=3")
        List<String> overrides = new ArrayList<>();

        GrpoConfig load() throws Exception {
            return ConfigLoader.load(
                    config,
                    overrides.stream().filter(o -> !o.startsWith(CLUSTER)).toList(),
                    GrpoConfig.class);
        }

        ClusterSettings loadCluster() throws Exception {
            return ConfigLoader.load(
                    clusterConfig,
                    overrides.stream()
                            .filter(o -> o.startsWith(CLUSTER))
                            .map(o -> o.substring(CLUSTER.length()))
                            .toList(),
                    ClusterSettings.class);
        }
    }

    private static final String CLUSTER = "cluster.";

    /** Supervised warm start: writes the base checkpoint. */
    @Command(name = "warmstart", description = "Train the base checkpoint on the training split (short on purpose).")
    static final class WarmStartCmd implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions opts = new ConfigOptions();

        @Override
        public Integer call() throws Exception {
            new WarmStart(opts.load(), System.out).run();
            return 0;
        }
    }

    /** GRPO from the base checkpoint. */
    @Command(
            name = "grpo",
            description = "Run GRPO from base_checkpoint (or model.hf_path, a Hugging Face Llama/Qwen2 folder)"
                    + " on Anvil services (embedded head + 2 workers"
                    + " unless cluster.address says otherwise), or in one process with --in-process.")
    static final class GrpoCmd implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions opts = new ConfigOptions();

        @Option(names = "--in-process", description = "no cluster: the single-process loop")
        boolean inProcess;

        @Override
        public Integer call() throws Exception {
            GrpoConfig cfg = opts.load();
            Path last = inProcess
                    ? new LocalGrpoLoop(cfg, System.out).run().checkpoint()
                    : new ClusterGrpoLoop(cfg, opts.loadCluster(), System.out)
                            .run()
                            .checkpoint();
            System.out.print(FinalReport.evaluate(
                            cfg.dataset(),
                            cfg.maxResTokens(),
                            List.of(
                                    new FinalReport.Entry("base", Path.of(cfg.baseCheckpoint())),
                                    new FinalReport.Entry("after GRPO", last)))
                    .render());
            return 0;
        }
    }

    /** Warm start then GRPO, the README's main command. */
    @Command(name = "all", description = "Warm start, then GRPO from the new checkpoint.")
    static final class AllCmd implements Callable<Integer> {
        @CommandLine.Mixin
        ConfigOptions opts = new ConfigOptions();

        @Option(names = "--in-process", description = "no cluster: the single-process loop")
        boolean inProcess;

        @Override
        public Integer call() throws Exception {
            long start = System.nanoTime();
            GrpoConfig cfg = opts.load();
            ClusterSettings cluster = opts.loadCluster();
            WarmStart.Result ws = new WarmStart(cfg, System.out).run();
            // From a Hugging Face checkpoint, the warm start wrote a fine-tuned Hugging Face folder: GRPO starts there.
            GrpoConfig grpo =
                    cfg.model().isHf() ? cfg.withHfPath(ws.checkpoint().toString()) : cfg;
            Path last = inProcess
                    ? new LocalGrpoLoop(grpo, System.out).run().checkpoint()
                    : new ClusterGrpoLoop(grpo, cluster, System.out).run().checkpoint();
            FinalReport report = FinalReport.evaluate(
                    cfg.dataset(),
                    cfg.maxResTokens(),
                    List.of(
                            new FinalReport.Entry("warm start", ws.checkpoint()),
                            new FinalReport.Entry("after GRPO", last)));
            System.out.print(report.render());
            System.out.printf("total %.1f s (seed %d)%n", (System.nanoTime() - start) / 1e9, cfg.seed());
            return 0;
        }
    }

    /** Validation and test accuracy of any checkpoint, or its accuracy on a file given by hand. */
    @Command(
            name = "eval",
            description = "Greedy accuracy of a checkpoint on the config's validation and test splits, each labelled"
                    + " (or on one GSM8K-format JSONL file with --data).")
    static final class EvalCmd implements Callable<Integer> {
        @Option(names = "--checkpoint", required = true, description = "checkpoint directory")
        Path checkpoint;

        @Option(
                names = "--data",
                description = "one JSONL file (or classpath:...) instead of the config's validation and test splits")
        String data;

        @Option(
                names = {"-c", "--config"},
                description = "YAML config whose dataset.validation and dataset.test are evaluated",
                defaultValue = "classpath:config/grpo.yaml")
        String config;

        @Parameters(paramLabel = "KEY=VALUE", description = "dotted config overrides, e.g. dataset.test=my_test.jsonl")
        List<String> overrides = new ArrayList<>();

        @Option(names = "--max-tokens", defaultValue = "8", description = "response token budget")
        int maxTokens;

        @Option(
                names = "--pass-k",
                defaultValue = "0",
                description = "also sample k answers per problem (pass@k); 0 = off")
        int passK;

        @Option(names = "--temperature", defaultValue = "1.0", description = "sampling temperature for pass@k")
        double temperature;

        @Override
        public Integer call() throws Exception {
            List<EvalCommand.SplitSpec> splits = data != null
                    ? List.of(new EvalCommand.SplitSpec(SplitResult.DATA, data, 0))
                    : EvalCommand.SplitSpec.of(ConfigLoader.load(config, overrides, GrpoConfig.class)
                            .dataset());
            System.out.println(checkpoint + ":");
            for (SplitResult r : EvalCommand.evaluate(checkpoint, splits, maxTokens, passK, temperature)) {
                System.out.println("  " + r.line());
                if (r.passAtK() != null) {
                    System.out.println("  " + r.passAtKLine());
                }
            }
            if (data == null && splits.size() < 2) {
                System.out.println("  no test split configured (dataset.test)");
            }
            return 0;
        }
    }

    /** Loads libtorch once, which fills DJL's cache for nodes that run the app as a job. */
    @Command(
            name = "engine",
            description =
                    "Load the PyTorch engine and print where libtorch is: run once per host"
                            + " (bin/grpo engine) so that nodes, offline, find libtorch in DJL_CACHE_DIR for submitted GRPO jobs.")
    static final class EngineCmd implements Callable<Integer> {
        @Override
        public Integer call() {
            ai.djl.engine.Engine engine = dev.anvil.grpo.engine.Torch.engine();
            System.out.printf(
                    "%s %s ready (CUDA %s, default device %s); libtorch cached in %s%n",
                    engine.getEngineName(),
                    engine.getVersion(),
                    engine.hasCapability(ai.djl.engine.StandardCapabilities.CUDA) ? "yes" : "no",
                    dev.anvil.grpo.engine.Torch.defaultDevice(),
                    ai.djl.util.Utils.getEngineCacheDir().toAbsolutePath());
            return 0;
        }
    }

    /** Last-position logits of a checkpoint, for comparing a Hugging Face folder with transformers. */
    @Command(
            name = "hf-logits",
            description = "Print the logits at the last position of --ids as one JSON array"
                    + " (compare with transformers: model(torch.tensor([ids])).logits[0, -1]).")
    static final class HfLogitsCmd implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Hugging Face folder (or Anvil checkpoint)")
        Path model;

        @Option(names = "--ids", required = true, description = "comma-separated token ids, e.g. 1,2,3")
        String ids;

        @Override
        public Integer call() throws Exception {
            System.out.println(LastLogits.toJson(LastLogits.compute(model, LastLogits.parseIds(ids))));
            return 0;
        }
    }

    /** Regenerates the bundled data files. */
    @Command(name = "gen-data", description = "Regenerate the arithmetic JSONL files (fixed seed).")
    static final class GenDataCmd implements Callable<Integer> {
        @Option(names = "--out", defaultValue = "grpo-app/src/main/resources/data", description = "output directory")
        String out;

        @Override
        public Integer call() throws Exception {
            ArithmeticProblemGenerator.main(new String[] {out});
            return 0;
        }
    }
}
