package dev.anvil.grpo;

import dev.anvil.grpo.cluster.ClusterGrpoLoop;
import dev.anvil.grpo.cluster.ClusterSettings;
import dev.anvil.grpo.config.ConfigLoader;
import dev.anvil.grpo.config.GrpoConfig;
import dev.anvil.grpo.data.ArithmeticProblemGenerator;
import dev.anvil.grpo.eval.EvalCommand;
import dev.anvil.grpo.eval.EvalResult;
import dev.anvil.grpo.eval.LastLogits;
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
            if (inProcess) {
                new LocalGrpoLoop(opts.load(), System.out).run();
            } else {
                new ClusterGrpoLoop(opts.load(), opts.loadCluster(), System.out).run();
            }
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
            double after = inProcess
                    ? new LocalGrpoLoop(grpo, System.out).run().last().accuracy()
                    : new ClusterGrpoLoop(grpo, cluster, System.out)
                            .run()
                            .last()
                            .accuracy();
            System.out.printf(
                    "total %.1f s: warm start %.1f%% -> GRPO %.1f%% held-out accuracy (%+.1f points)%n",
                    (System.nanoTime() - start) / 1e9,
                    100 * ws.heldOut().accuracy(),
                    100 * after,
                    100 * (after - ws.heldOut().accuracy()));
            return 0;
        }
    }

    /** Held-out accuracy of any checkpoint. */
    @Command(name = "eval", description = "Greedy accuracy of a checkpoint on a GSM8K-format JSONL file.")
    static final class EvalCmd implements Callable<Integer> {
        @Option(names = "--checkpoint", required = true, description = "checkpoint directory")
        Path checkpoint;

        @Option(names = "--data", defaultValue = "classpath:data/arith_heldout.jsonl", description = "JSONL file")
        String data;

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
            EvalCommand.Report rep = EvalCommand.evaluate(checkpoint, data, maxTokens, passK, temperature);
            EvalResult r = rep.greedy();
            System.out.printf(
                    "%s on %s: accuracy %.1f%% (%d/%d; number anywhere %.1f%%), mean reward %.3f, format %.1f%%%n",
                    checkpoint,
                    data,
                    100 * r.accuracy(),
                    r.correct(),
                    r.total(),
                    100 * r.anywhereAccuracy(),
                    r.meanReward(),
                    100 * r.formatRate());
            if (rep.passAtK() != null) {
                System.out.printf(
                        "pass@%d (temperature %.1f): %.1f%% (number anywhere %.1f%%)%n",
                        rep.passAtK().k(),
                        rep.passAtK().temperature(),
                        100 * rep.passAtK().rate(),
                        100 * rep.passAtK().anywhereRate());
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
