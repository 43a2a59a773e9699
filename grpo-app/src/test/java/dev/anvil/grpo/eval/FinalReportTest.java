package dev.anvil.grpo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.grpo.config.DatasetConfig;
import dev.anvil.grpo.data.ArithmeticProblemGenerator;
import dev.anvil.grpo.model.Checkpoint;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.TestModels;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FinalReportTest {

    private static SplitResult result(String split, int correct, int total) {
        return new SplitResult(split, split + ".jsonl", new EvalResult(correct, total, 0.5, 1.0, correct), null);
    }

    @Test
    void everyFigureSaysWhichSplitItIsOn() {
        FinalReport report = new FinalReport(List.of(
                new FinalReport.Row(
                        new FinalReport.Entry("warm start", Path.of("run/warmstart")),
                        result(SplitResult.VALIDATION, 70, 300),
                        result(SplitResult.TEST, 66, 300)),
                new FinalReport.Row(
                        new FinalReport.Entry("after GRPO", Path.of("run/grpo/checkpoint")),
                        result(SplitResult.VALIDATION, 224, 300),
                        result(SplitResult.TEST, 211, 300))));

        assertThat(report.render())
                .contains("every choice was made on val; test is evaluated here, once, and only reported")
                .containsPattern("warm start +val 23\\.3% \\(70/300\\) +test 22\\.0% \\(66/300\\) +run/warmstart")
                .containsPattern(
                        "after GRPO +val 74\\.7% \\(224/300\\) +test 70\\.3% \\(211/300\\) +run/grpo/checkpoint")
                .contains("test accuracy 22.0% -> 70.3% (+48.3 points); val accuracy 23.3% -> 74.7% (+51.3 points)");
        assertThat(report.finalTestAccuracy()).isEqualTo(211 / 300.0);
        assertThat(result(SplitResult.TEST, 211, 300).line())
                .startsWith("test accuracy 70.3% (211/300; number anywhere 70.3%)")
                .endsWith("[test.jsonl]");
    }

    @Test
    void withoutATestSplitTheReportSaysSoInsteadOfInventingOne() {
        FinalReport report = new FinalReport(List.of(new FinalReport.Row(
                new FinalReport.Entry("after GRPO", Path.of("ckpt")), result(SplitResult.VALIDATION, 3, 10), null)));
        assertThat(report.render()).contains("val 30.0% (3/10)", "test -", "no test split configured (dataset.test)");
        assertThat(report.finalTestAccuracy()).isNaN();
        assertThatThrownBy(() -> new FinalReport(List.of())).hasMessageContaining("at least one checkpoint");
    }

    @Test
    void evaluatesACheckpointOnValidationWithItsLimitAndOnTheWholeTestSplit(@TempDir Path dir) throws Exception {
        var split = new ArithmeticProblemGenerator(5, 10, 99, 9, 2).generate(0, 30, 12);
        Path val = dir.resolve("val.jsonl");
        Path test = dir.resolve("test.jsonl");
        ArithmeticProblemGenerator.writeJsonl(split.validation(), val);
        ArithmeticProblemGenerator.writeJsonl(split.test(), test);
        Path ckpt = dir.resolve("ckpt");
        try (LanguageModel model = LanguageModel.create(TestModels.tiny(), 3)) {
            Checkpoint.save(model, ckpt);
        }
        DatasetConfig ds = new DatasetConfig("unused", val.toString(), test.toString(), 20);

        FinalReport report = FinalReport.evaluate(ds, 6, List.of(new FinalReport.Entry("base", ckpt)));

        FinalReport.Row row = report.rows().get(0);
        assertThat(row.validation().split()).isEqualTo("val");
        assertThat(row.validation().greedy().total()).isEqualTo(20);
        assertThat(row.test().split()).isEqualTo("test");
        assertThat(row.test().greedy().total()).isEqualTo(12);
        assertThat(row.test().location()).isEqualTo(test.toString());
    }
}
