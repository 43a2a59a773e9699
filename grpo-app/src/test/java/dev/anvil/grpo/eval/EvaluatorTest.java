package dev.anvil.grpo.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anvil.grpo.data.ArithmeticProblemGenerator;
import dev.anvil.grpo.data.Gsm8kRecord;
import dev.anvil.grpo.generation.Generator;
import dev.anvil.grpo.model.LanguageModel;
import dev.anvil.grpo.model.TestModels;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.util.List;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    @Test
    void passAtKIsSeededAndBoundedByItsLooserVariants() {
        List<Gsm8kRecord> records =
                new ArithmeticProblemGenerator(5, 99, 9, 2).generate(20, 0, 0).train();
        try (TextTokenizer tok = TextTokenizer.bundled();
                LanguageModel model = LanguageModel.create(TestModels.tiny(), 3)) {
            Evaluator evaluator = new Evaluator(records, 6);
            PassAtK a = evaluator.passAtK(new Generator(model, tok, 9), 8, 1.0);
            PassAtK b = evaluator.passAtK(new Generator(model, tok, 9), 8, 1.0);
            assertThat(a).isEqualTo(b);
            assertThat(a.total()).isEqualTo(20);
            assertThat(a.k()).isEqualTo(8);
            assertThat(a.solved()).isBetween(0, a.solvedAnywhere());
            assertThat(a.solvedAnywhere()).isBetween(0, 20);
            EvalResult greedy = evaluator.evaluate(new Generator(model, tok, 9));
            assertThat(greedy.correct()).isBetween(0, greedy.anywhere());
            assertThat(greedy.anywhereAccuracy()).isBetween(greedy.accuracy(), 1.0);
            assertThatThrownBy(() -> evaluator.passAtK(new Generator(model, tok, 9), 0, 1.0))
                    .hasMessageContaining("k=0");
            assertThatThrownBy(() -> evaluator.passAtK(new Generator(model, tok, 9), 4, 0.0))
                    .hasMessageContaining("temperature=0.0");
        }
    }

    @Test
    void anywhereCountsUntaggedRightAnswersOnly() {
        EvalResult r = new EvalResult(3, 10, 0.5, 0.4, 7);
        assertThat(r.accuracy()).isEqualTo(0.3);
        assertThat(r.anywhereAccuracy()).isEqualTo(0.7);
        assertThat(new EvalResult(3, 10, 0.5, 0.4).anywhere()).isEqualTo(3);
    }
}
