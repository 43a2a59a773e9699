package dev.anvil.grpo.hf;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.anvil.grpo.GrpoApp;
import dev.anvil.grpo.tokenizer.TextTokenizer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code bin/grpo hf-logits} and the tokenizer of a Hugging Face folder, against what transformers computed. */
class HfLogitsCommandTest {

    @Test
    void printsTheLastPositionsLogitsAsOneJsonArray() throws Exception {
        HfFixtures.Expected want = HfFixtures.expected("qwen2-gqa-untied");
        String ids = Arrays.stream(want.inputIds()).mapToObj(Long::toString).collect(Collectors.joining(","));
        Run run = run("hf-logits", "--model", HfFixtures.dir("qwen2-gqa-untied").toString(), "--ids", ids);

        assertThat(run.exit()).as(run.err()).isZero();
        String[] lines = run.out().strip().split("\n");
        assertThat(lines).hasSize(1);
        float[] got = new ObjectMapper().readValue(lines[0], float[].class);
        assertThat(HfFixtures.maxAbsDiff(got, want.logits()[want.logits().length - 1]))
                .isLessThan(1e-4);
    }

    @Test
    void badIdsGetAnErrorThatNamesThem() throws Exception {
        String dir = HfFixtures.dir("llama-gqa-tied").toString();
        Run outside = run("hf-logits", "--model", dir, "--ids", "1,2,999");
        assertThat(outside.exit()).isNotZero();
        assertThat(outside.err()).contains("id=999", "vocab_size=304");
        Run garbage = run("hf-logits", "--model", dir, "--ids", "1,x");
        assertThat(garbage.exit()).isNotZero();
        assertThat(garbage.err()).contains("bad=x");
    }

    @Test
    void tokenizerOfTheFolderEncodesAsTransformersDoes() throws Exception {
        HfFixtures.Expected want = HfFixtures.expected("llama-gqa-tied");
        try (TextTokenizer tok = TextTokenizer.loadHf(HfFixtures.dir("llama-gqa-tied"))) {
            assertThat(tok.encode(want.text())).containsExactly(want.textIds());
            assertThat(tok.decode(tok.encode(want.text()))).isEqualTo(want.text());
            // tokenizer_config.json: eos and pad <|endoftext|> (id 0); no bos, so prompts start with the text.
            assertThat(tok.eosId()).isZero();
            assertThat(tok.padId()).isZero();
            assertThat(tok.bosId()).isEqualTo(-1);
            assertThat(tok.encodePrompt(want.text())).containsExactly(want.textIds());
            assertThat(tok.vocabSize()).isEqualTo(300);
        }
    }

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            System.setOut(o);
            CommandLine cli = new CommandLine(new GrpoApp()).setErr(new java.io.PrintWriter(e, true));
            int exit = cli.execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
        }
    }
}
