package dev.anvil.grpo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anvil.grpo.data.ArithmeticProblemGenerator;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code bin/grpo eval}: every figure it prints names the split it was measured on. */
class EvalCommandLineTest {

    @TempDir
    static Path dir;

    private static Path checkpoint;
    private static Path val;
    private static Path test;

    @BeforeAll
    static void tinyCheckpointAndSplits() throws Exception {
        var split = new ArithmeticProblemGenerator(5, 10, 99, 9, 2).generate(0, 9, 7);
        val = dir.resolve("val.jsonl");
        test = dir.resolve("test.jsonl");
        ArithmeticProblemGenerator.writeJsonl(split.validation(), val);
        ArithmeticProblemGenerator.writeJsonl(split.test(), test);
        checkpoint = dir.resolve("ckpt");
        try (LanguageModel model = LanguageModel.create(TestModels.tiny(), 3)) {
            Checkpoint.save(model, checkpoint);
        }
    }

    private static String run(String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream old = System.out;
        System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new GrpoApp()).execute(args)).isZero();
        } finally {
            System.setOut(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void reportsValidationAndTestEachLabelled() {
        String out =
                run("eval", "--checkpoint", checkpoint.toString(), "dataset.validation=" + val, "dataset.test=" + test);
        assertThat(out)
                .containsPattern("(?m)^  val accuracy [\\d.]+% \\(\\d+/9;.*\\[" + val + "]$")
                .containsPattern("(?m)^  test accuracy [\\d.]+% \\(\\d+/7;.*\\[" + test + "]$");
        assertThat(out.indexOf("val accuracy")).isLessThan(out.indexOf("test accuracy"));
    }

    @Test
    void aFileGivenByHandIsLabelledDataAndAMissingTestSplitIsSaid() {
        assertThat(run("eval", "--checkpoint", checkpoint.toString(), "--data", test.toString()))
                .containsPattern("(?m)^  data accuracy [\\d.]+% \\(\\d+/7;")
                .doesNotContain("val accuracy", "test accuracy");
        assertThat(run("eval", "--checkpoint", checkpoint.toString(), "dataset.validation=" + val, "dataset.test="))
                .contains("  val accuracy", "no test split configured (dataset.test)")
                .doesNotContain("test accuracy");
    }
}
